using Coffer.Keys.Crypto;
using Coffer.Keys.Grants;
using Coffer.Primitives;

namespace Coffer.Keys.Tests.Service;

public sealed class KeyServiceGrantTests
{
    private static readonly byte[] Secret = "granted"u8.ToArray();
    private static readonly Dictionary<string, string> NoTags = [];

    private static EncryptionContext Context(params (string Key, string Value)[] pairs) =>
        EncryptionContext.Create(pairs.ToDictionary(p => p.Key, p => p.Value));

    private static CreateGrantInput Grant(string grantee, params string[] operations) => new() { GranteePrincipal = grantee, Operations = operations };

    [Fact]
    public async Task Grant_ToAnotherAccountsPrincipal_LetsItUseTheKeyOnlyForThoseOperations()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var before = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, null, false, default));

        var grant = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt", "GenerateDataKey"), false, default);
        var encrypted = await bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, null, false, default);
        using var dataKey = await bed.Keys.GenerateDataKeyAsync(bed.Bob, key.Arn, null, "AES_256", EncryptionContext.Empty, null, true, false, default);
        var decrypt = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.DecryptAsync(bed.Bob, encrypted.CiphertextBlob, EncryptionContext.Empty, null, null, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, before.Code);
        Assert.Matches("^[0-9a-f]{64}$", grant.GrantId);
        Assert.Equal(key.Arn, grant.KeyArn);
        Assert.Equal(key.Arn, encrypted.KeyArn);
        Assert.Equal(KmsErrors.Codes.AccessDenied, decrypt.Code);
    }

    [Fact]
    public async Task GrantToken_PassedInGrantTokens_IsUsableAtOnceAndAForgedOneIsRefused()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var grant = await bed.Keys.CreateGrantAsync(bed.Alice, key.Arn, Grant(bed.Bob.PrincipalArn, "Encrypt"), false, default);

        var encrypted = await bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, [grant.GrantToken], false, default);
        var forged = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, ["not a token"], false, default));

        Assert.Equal(key.Arn, encrypted.KeyArn);
        Assert.Equal(KmsErrors.Codes.InvalidGrantToken, forged.Code);
    }

    [Fact]
    public async Task Grant_WithEncryptionContextSubset_AllowsContextsThatContainThePairs()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var input = Grant(bed.Bob.PrincipalArn, "Encrypt") with { Constraints = new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { ["a"] = "1" } } };
        await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, input, false, default);

        await bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, Context(("a", "1"), ("b", "2")), null, false, default);
        var other = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, Context(("a", "2")), null, false, default));
        var none = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, null, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, other.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, none.Code);
    }

    [Fact]
    public async Task Grant_WithEncryptionContextEquals_AllowsOnlyThatExactContext()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var input = Grant(bed.Bob.PrincipalArn, "Encrypt") with { Constraints = new GrantConstraints { EncryptionContextEquals = new Dictionary<string, string> { ["a"] = "1" } } };
        await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, input, false, default);

        await bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, Context(("a", "1")), null, false, default);
        var more = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, Context(("a", "1"), ("b", "2")), null, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, more.Code);
    }

    [Fact]
    public async Task CreateGrant_WithBothConstraints_IsValidation()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var pairs = new Dictionary<string, string> { ["a"] = "1" };
        var input = Grant(bed.Bob.PrincipalArn, "Encrypt") with { Constraints = new GrantConstraints { EncryptionContextSubset = pairs, EncryptionContextEquals = pairs } };

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, input, false, default));

        Assert.Equal(KmsErrors.Codes.Validation, error.Code);
    }

    [Theory]
    [InlineData(KeyState.Disabled, KmsErrors.Codes.Disabled)]
    [InlineData(KeyState.PendingDeletion, KmsErrors.Codes.InvalidState)]
    public async Task CreateGrant_OnAnUnusableKey_FailsWithTheStatesError(KeyState state, string code)
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        await bed.Keys.Store.UpdateKeyAsync(key with { State = state }, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt"), false, default));

        Assert.Equal(code, error.Code);
    }

    [Fact]
    public async Task CreateGrant_WithDryRun_IsDryRunOperationAndCreatesNothing()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt"), true, default));
        var (grants, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, null, null, 50, null, default);

        Assert.Equal(KmsErrors.Codes.DryRun, error.Code);
        Assert.Empty(grants);
    }

    [Fact]
    public async Task CreateGrant_WithTheSameNameAndParameters_ReturnsTheSameGrantWithANewToken_AndOtherParametersMakeANewGrant()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var input = Grant(bed.Bob.PrincipalArn, "Encrypt", "Decrypt") with { Name = "app-grant" };

        var first = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, input, false, default);
        var again = await bed.Keys.CreateGrantAsync(bed.Alice, key.Arn, input with { Operations = ["Decrypt", "Encrypt"] }, false, default);
        var other = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, input with { Operations = ["Encrypt"] }, false, default);
        var (grants, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, null, null, 50, null, default);

        Assert.Equal(first.GrantId, again.GrantId);
        Assert.NotEqual(first.GrantToken, again.GrantToken);
        Assert.NotEqual(first.GrantId, other.GrantId);
        Assert.Equal(2, grants.Count);
        await bed.Keys.RetireGrantAsync(bed.Alice, again.GrantToken, null, null, false, default);
        var (left, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, null, null, 50, null, default);
        Assert.Equal(other.GrantId, Assert.Single(left).GrantId);
    }

    [Fact]
    public async Task CreateGrant_ThroughAGrantWithCreateGrant_AllowsOnlyNarrowerOperationsAndStricterConstraints()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var subset = new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { ["a"] = "1" } };
        await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt", "CreateGrant") with { Constraints = subset }, false, default);
        const string Carol = "arn:aws:iam::444455556666:user/carol";

        var stricterSubset = await bed.Keys.CreateGrantAsync(bed.Bob, key.Arn, Grant(Carol, "Encrypt") with
        {
            Constraints = new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } },
        }, false, default);
        var equals = await bed.Keys.CreateGrantAsync(bed.Bob, key.Arn, Grant(Carol, "Encrypt") with
        {
            Constraints = new GrantConstraints { EncryptionContextEquals = new Dictionary<string, string> { ["a"] = "1" } },
        }, false, default);
        var wider = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(bed.Bob, key.Arn, Grant(Carol, "Encrypt", "Decrypt") with { Constraints = subset }, false, default));
        var unconstrained = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(bed.Bob, key.Arn, Grant(Carol, "Encrypt"), false, default));
        var otherPairs = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.CreateGrantAsync(bed.Bob, key.Arn, Grant(Carol, "Encrypt") with
        {
            Constraints = new GrantConstraints { EncryptionContextSubset = new Dictionary<string, string> { ["b"] = "2" } },
        }, false, default));

        Assert.NotEqual(stricterSubset.GrantId, equals.GrantId);
        Assert.All(new[] { wider, unconstrained, otherPairs }, e => Assert.Equal(KmsErrors.Codes.AccessDenied, e.Code));
    }

    [Fact]
    public async Task RetireGrant_IsAllowedForTheRetiringPrincipalTheIssuingAccountAndAGranteeWithRetireGrantOnly()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        const string Carol = "arn:aws:iam::444455556666:user/carol";
        var carol = bed.Bob with { PrincipalArn = Carol };
        var plain = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt"), false, default);
        var retirable = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt", "RetireGrant"), false, default);
        var byCarol = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Decrypt") with { RetiringPrincipal = Carol }, false, default);

        var grantee = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RetireGrantAsync(bed.Bob, null, key.Arn, plain.GrantId, false, default));
        var stranger = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RetireGrantAsync(bed.Bob, byCarol.GrantToken, null, null, false, default));
        await bed.Keys.RetireGrantAsync(bed.Bob, retirable.GrantToken, null, null, false, default);
        await bed.Keys.RetireGrantAsync(carol, null, key.Arn, byCarol.GrantId, false, default);
        await bed.Keys.RetireGrantAsync(bed.Alice, null, key.Arn, plain.GrantId, false, default);
        var (left, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, null, null, 50, null, default);

        Assert.Equal(KmsErrors.Codes.AccessDenied, grantee.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, stranger.Code);
        Assert.Empty(left);
    }

    [Fact]
    public async Task RetireGrant_WithUnknownOrMalformedIds_FailsAsAws()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var grant = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt"), false, default);
        await bed.Keys.RevokeGrantAsync(bed.Alice, key.KeyId, grant.GrantId, false, default);

        var unknown = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RetireGrantAsync(bed.Alice, null, key.Arn, grant.GrantId, false, default));
        var malformed = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RetireGrantAsync(bed.Alice, null, key.Arn, "nope", false, default));
        var staleToken = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RetireGrantAsync(bed.Alice, grant.GrantToken, null, null, false, default));
        var neither = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RetireGrantAsync(bed.Alice, null, key.Arn, null, false, default));

        Assert.Equal(KmsErrors.Codes.NotFound, unknown.Code);
        Assert.Equal(KmsErrors.Codes.InvalidGrantId, malformed.Code);
        Assert.Equal(KmsErrors.Codes.InvalidGrantToken, staleToken.Code);
        Assert.Equal(KmsErrors.Codes.Validation, neither.Code);
    }

    [Fact]
    public async Task RevokeGrant_NeedsKmsRevokeGrant_AndTakesEffectAtOnce()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var grant = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt", "RetireGrant", "CreateGrant"), false, default);

        var byGrantee = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RevokeGrantAsync(bed.Bob, key.Arn, grant.GrantId, false, default));
        var dryRun = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RevokeGrantAsync(bed.Alice, key.Arn, grant.GrantId, true, default));
        await bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, null, false, default);
        await bed.Keys.RevokeGrantAsync(bed.Alice, key.Arn, grant.GrantId, false, default);
        var after = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.EncryptAsync(bed.Bob, key.Arn, Secret, EncryptionContext.Empty, [grant.GrantToken], false, default));
        var again = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.RevokeGrantAsync(bed.Alice, key.Arn, grant.GrantId, false, default));

        Assert.Equal(KmsErrors.Codes.AccessDenied, byGrantee.Code);
        Assert.Contains("kms:RevokeGrant", byGrantee.Message, StringComparison.Ordinal);
        Assert.Equal(KmsErrors.Codes.DryRun, dryRun.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, after.Code);
        Assert.Equal(KmsErrors.Codes.NotFound, again.Code);
    }

    [Fact]
    public async Task ListGrants_PagesThroughEveryGrantOnce_AndFilters()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var grantee = i == 0 ? "arn:aws:iam::444455556666:user/carol" : bed.Bob.PrincipalArn;
            created.Add((await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(grantee, "Decrypt"), false, default)).GrantId);
        }

        var seen = new List<string>();
        var pages = 0;
        string? marker = null;
        do
        {
            var (page, keyArn, next) = await bed.Keys.ListGrantsAsync(bed.Alice, key.Arn, null, null, 2, marker, default);
            Assert.Equal(key.Arn, keyArn);
            seen.AddRange(page.Select(g => g.GrantId));
            marker = next;
            pages++;
        }
        while (marker is not null);
        var (byId, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, created[3], null, 50, null, default);
        var (byGrantee, _, _) = await bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, null, "arn:aws:iam::444455556666:user/carol", 50, null, default);
        var badMarker = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ListGrantsAsync(bed.Alice, key.KeyId, null, null, 2, "garbage", default));
        var byBob = await Assert.ThrowsAsync<AwsServiceException>(() => bed.Keys.ListGrantsAsync(bed.Bob, key.Arn, null, null, 2, null, default));

        Assert.Equal(3, pages);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen);
        Assert.Equal(created[3], Assert.Single(byId).GrantId);
        Assert.Equal(created[0], Assert.Single(byGrantee).GrantId);
        Assert.Equal(KmsErrors.Codes.InvalidMarker, badMarker.Code);
        Assert.Equal(KmsErrors.Codes.AccessDenied, byBob.Code);
    }

    [Fact]
    public async Task ListRetirableGrants_FindsGrantsOnAnotherAccountsKeys_ForAPrincipalOfTheCallersAccountOnly()
    {
        await using var bed = await KeyServiceTestBed.CreateAsync();
        var key = await bed.Keys.CreateKeyAsync(bed.Alice, null, string.Empty, false, NoTags, default);
        var grant = await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Decrypt") with { RetiringPrincipal = bed.Bob.PrincipalArn }, false, default);
        await bed.Keys.CreateGrantAsync(bed.Alice, key.KeyId, Grant(bed.Bob.PrincipalArn, "Encrypt"), false, default);

        var (grants, next) = bed.Keys.ListRetirableGrants(bed.Bob, bed.Bob.PrincipalArn, 50, null);
        var foreign = Assert.Throws<AwsServiceException>(() => bed.Keys.ListRetirableGrants(bed.Alice, bed.Bob.PrincipalArn, 50, null));

        Assert.Equal(grant.GrantId, Assert.Single(grants).GrantId);
        Assert.Equal(key.Arn, bed.Keys.KeyArnOf(grants[0]));
        Assert.Null(next);
        Assert.Equal(KmsErrors.Codes.AccessDenied, foreign.Code);
    }
}
