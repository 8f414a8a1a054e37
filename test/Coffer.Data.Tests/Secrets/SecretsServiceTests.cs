using Coffer.Data.Secrets;
using Coffer.Primitives;

namespace Coffer.Data.Tests.Secrets;

/// <summary>CreateSecret, GetSecretValue, PutSecretValue, UpdateSecret and DescribeSecret: names, ARNs, versions and labels.</summary>
public sealed class SecretsServiceTests
{
    [Fact]
    public async Task CreateSecret_WithValue_ReturnsAnArnWithSixCharacterSuffixAndTheValueReadsBack()
    {
        await using var bed = await SecretsTestBed.CreateAsync();

        var created = await bed.CreateAsync("app/db", "s3cr3t");

        Assert.Matches(@"^arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db-[A-Za-z0-9]{6}$", created.Arn);
        Assert.Equal("app/db", created.Name);
        Assert.NotNull(created.VersionId);
        Assert.Equal("s3cr3t", await bed.GetAsync("app/db"));
        Assert.Equal("s3cr3t", await bed.GetAsync(created.Arn));
        Assert.Equal("s3cr3t", await bed.GetAsync("arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/db"));
    }

    [Theory]
    [InlineData("bad name")]
    [InlineData("semi;colon")]
    [InlineData("é")]
    [InlineData("rds!cluster-x")]
    [InlineData("")]
    public async Task CreateSecret_WithNameOutsideAwsAlphabet_ThrowsInvalidParameter(string name)
    {
        await using var bed = await SecretsTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CreateAsync(name, "v"));

        Assert.Equal(SecretsErrors.Codes.InvalidParameter, error.Code);
    }

    [Fact]
    public async Task CreateSecret_WithAllAllowedCharactersAnd512Long_Succeeds()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var name = "Az09/_+=.@-" + new string('x', 512 - 11);

        var created = await bed.CreateAsync(name, "v");

        Assert.Equal(name, created.Name);
        Assert.Equal(SecretsErrors.Codes.InvalidParameter, (await Assert.ThrowsAsync<AwsServiceException>(() => bed.CreateAsync(name + "x", "v"))).Code);
    }

    [Fact]
    public async Task CreateSecret_WithTakenName_ThrowsResourceExists()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("dup", "a");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.CreateAsync("dup", "b"));

        Assert.Equal(SecretsErrors.Codes.ResourceExists, error.Code);
    }

    [Fact]
    public async Task CreateSecret_WithoutValue_HasNoVersionAndGetThrowsResourceNotFound()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var created = await bed.Secrets.CreateSecretAsync(bed.Alice, new CreateSecretRequest { Name = "empty" }, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.GetAsync("empty"));

        Assert.Null(created.VersionId);
        Assert.Equal(SecretsErrors.Codes.ResourceNotFound, error.Code);
        Assert.Equal("Secrets Manager can't find the specified secret value for staging label: AWSCURRENT", error.Message);
    }

    [Fact]
    public async Task PutSecretValue_MovesAwsCurrentAndGivesTheOldVersionAwsPrevious()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var first = await bed.CreateAsync("rot", "one");
        var second = await bed.PutAsync("rot", "two");
        var third = await bed.PutAsync("rot", "three");

        var secret = bed.Secrets.DescribeSecret(bed.Alice, "rot");

        Assert.Equal("three", await bed.GetAsync("rot"));
        Assert.Equal("two", await bed.GetAsync("rot", stage: "AWSPREVIOUS"));
        Assert.Equal("one", await bed.GetAsync("rot", versionId: first.VersionId));
        Assert.Empty(secret.WithId(first.VersionId!)!.Stages);
        Assert.Equal(["AWSPREVIOUS"], secret.WithId(second.VersionId!)!.Stages);
        Assert.Equal(["AWSCURRENT"], secret.WithId(third.VersionId!)!.Stages);
    }

    [Fact]
    public async Task PutSecretValue_WithCustomStageOnly_LeavesAwsCurrentWhereItWas()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("staged", "one");

        var pending = await bed.PutAsync("staged", "two", stages: ["AWSPENDING"]);

        Assert.Equal("one", await bed.GetAsync("staged"));
        Assert.Equal("two", await bed.GetAsync("staged", stage: "AWSPENDING"));
        Assert.Equal(["AWSPENDING"], pending.VersionStages);
    }

    [Fact]
    public async Task PutSecretValue_SameTokenSameValue_ReturnsTheSameVersion()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("idem", "one");
        var token = new string('a', 32);

        var first = await bed.PutAsync("idem", "two", token);
        var again = await bed.PutAsync("idem", "two", token);

        Assert.Equal(token, first.VersionId);
        Assert.Equal(first.VersionId, again.VersionId);
        Assert.Equal(2, bed.Secrets.DescribeSecret(bed.Alice, "idem").Versions.Count);
        Assert.Equal("one", await bed.GetAsync("idem", stage: "AWSPREVIOUS"));
    }

    [Fact]
    public async Task PutSecretValue_SameTokenDifferentValue_ThrowsResourceExists()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("idem2", "one");
        var token = new string('b', 40);
        await bed.PutAsync("idem2", "two", token);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.PutAsync("idem2", "other", token));

        Assert.Equal(SecretsErrors.Codes.ResourceExists, error.Code);
        Assert.DoesNotContain("other", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSecretValue_VersionIdWithoutTheStage_ThrowsResourceNotFound()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var first = await bed.CreateAsync("mismatch", "one");
        await bed.PutAsync("mismatch", "two");

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.GetAsync("mismatch", first.VersionId, "AWSCURRENT"));

        Assert.Equal(SecretsErrors.Codes.ResourceNotFound, error.Code);
        Assert.Equal("one", await bed.GetAsync("mismatch", first.VersionId, "AWSPREVIOUS"));
    }

    [Fact]
    public async Task BinaryValue_ReadsBackAsBinary()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        using var value = SecretValue.FromBinary([0, 1, 2, 255]);
        await bed.Secrets.CreateSecretAsync(bed.Alice, new CreateSecretRequest { Name = "bin", Value = value }, default);

        using var result = await bed.Secrets.GetSecretValueAsync(bed.Alice, "bin", null, null, default);

        Assert.True(result.Value.IsBinary);
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, result.Value.Bytes.ToArray());
    }

    [Fact]
    public async Task UpdateSecret_DescriptionAndValue_ChangesBothAndMovesLabels()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("upd", "one", description: "old");
        using var value = SecretValue.FromString("two");

        var result = await bed.Secrets.UpdateSecretAsync(bed.Alice, new UpdateSecretRequest { SecretId = "upd", Description = "new", Value = value }, default);

        Assert.NotNull(result.VersionId);
        Assert.Equal("new", bed.Secrets.DescribeSecret(bed.Alice, "upd").Description);
        Assert.Equal("two", await bed.GetAsync("upd"));
        Assert.Equal("one", await bed.GetAsync("upd", stage: "AWSPREVIOUS"));
    }

    [Fact]
    public async Task GetSecretValue_RecordsTheDayOfAccess()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("seen", "v");

        await bed.GetAsync("seen");

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero), bed.Secrets.DescribeSecret(bed.Alice, "seen").LastAccessedDate);
    }

    [Fact]
    public async Task Secrets_AreInvisibleToAnotherAccountWhateverIdentifierItSends()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        var created = await bed.CreateAsync("mine", "v");

        foreach (var id in new[] { "mine", created.Arn, "arn:aws:secretsmanager:eu-west-1:111122223333:secret:mine" })
        {
            var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.GetAsync(id, caller: bed.Mallory));
            Assert.Equal(SecretsErrors.Codes.ResourceNotFound, error.Code);
            Assert.Equal(SecretsErrors.Codes.ResourceNotFound, Assert.Throws<AwsServiceException>(() => bed.Secrets.DescribeSecret(bed.Mallory, id)).Code);
        }

        Assert.Empty(bed.Secrets.ListSecrets(bed.Mallory, new ListSecretsRequest()).Page);
    }

    [Fact]
    public async Task SameName_InTwoAccounts_AreTwoSecrets()
    {
        await using var bed = await SecretsTestBed.CreateAsync();
        await bed.CreateAsync("shared-name", "alice's");
        await bed.CreateAsync("shared-name", "mallory's", caller: bed.Mallory);

        Assert.Equal("alice's", await bed.GetAsync("shared-name"));
        Assert.Equal("mallory's", await bed.GetAsync("shared-name", caller: bed.Mallory));
    }
}
