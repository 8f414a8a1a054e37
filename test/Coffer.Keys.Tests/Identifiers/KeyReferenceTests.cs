using Coffer.Keys.Identifiers;

namespace Coffer.Keys.Tests.Identifiers;

public sealed class KeyReferenceTests
{
    private const string Uuid = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private const string Mrk = "mrk-1234abcd12ab34cd56ef1234567890ab";
    private const string Prefix = "arn:aws:kms:us-east-1:111122223333:";

    public static TheoryData<string, KeyReferenceForms> WellFormed => new()
    {
        { Uuid, KeyReferenceForms.KeyId },
        { Mrk, KeyReferenceForms.KeyId },
        { Prefix + "key/" + Uuid, KeyReferenceForms.KeyArn },
        { Prefix + "key/" + Mrk, KeyReferenceForms.KeyArn },
        { "arn:aws:kms:us-gov-west-1:111122223333:key/" + Uuid, KeyReferenceForms.KeyArn },
        { "arn:aws:kms:ap-southeast-7:000000000000:key/" + Uuid, KeyReferenceForms.KeyArn },
        { "alias/my-key", KeyReferenceForms.AliasName },
        { "alias/x", KeyReferenceForms.AliasName },
        { "alias/aws/rds", KeyReferenceForms.AliasName },
        { "alias/App:Prod/db_key-1", KeyReferenceForms.AliasName },
        { "alias/" + new string('a', 250), KeyReferenceForms.AliasName },
        { Prefix + "alias/my-key", KeyReferenceForms.AliasArn },
        { Prefix + "alias/a:b:c", KeyReferenceForms.AliasArn },
        { "arn:aws:kms:eu-west-1:111122223333:alias/aws/rds", KeyReferenceForms.AliasArn },
    };

    public static TheoryData<string?, KeyReferenceFailure> IllFormed => new()
    {
        { null, KeyReferenceFailure.Malformed },
        { string.Empty, KeyReferenceFailure.Malformed },
        { "1234ABCD-12AB-34CD-56EF-1234567890AB", KeyReferenceFailure.Malformed },
        { "1234abcd12ab34cd56ef1234567890ab", KeyReferenceFailure.Malformed },
        { "{1234abcd-12ab-34cd-56ef-1234567890ab}", KeyReferenceFailure.Malformed },
        { "1234abcd-12ab-34cd-56ef-1234567890a", KeyReferenceFailure.Malformed },
        { "1234abcd-12ab-34cd-56ef-1234567890abc", KeyReferenceFailure.Malformed },
        { "1234abcd-12ab-34cd-56ef1-234567890ab", KeyReferenceFailure.Malformed },
        { "1234abcg-12ab-34cd-56ef-1234567890ab", KeyReferenceFailure.Malformed },
        { " 1234abcd-12ab-34cd-56ef-1234567890ab", KeyReferenceFailure.Malformed },
        { "mrk-1234ABCD12AB34CD56EF1234567890AB", KeyReferenceFailure.Malformed },
        { "mrk-1234abcd12ab34cd56ef1234567890a", KeyReferenceFailure.Malformed },
        { "mrk-1234abcd-12ab-34cd-56ef-1234567890ab", KeyReferenceFailure.Malformed },
        { "MRK-1234abcd12ab34cd56ef1234567890ab", KeyReferenceFailure.Malformed },
        { "alias/", KeyReferenceFailure.Malformed },
        { "alias/my key", KeyReferenceFailure.Malformed },
        { "alias/caf\u00e9", KeyReferenceFailure.Malformed },
        { "alias/a.b", KeyReferenceFailure.Malformed },
        { "alias/" + new string('a', 251), KeyReferenceFailure.Malformed },
        { "Alias/my-key", KeyReferenceFailure.Malformed },
        { "my-key", KeyReferenceFailure.Malformed },
        { "key/" + Uuid, KeyReferenceFailure.Malformed },
        { "arn:", KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms:us-east-1:111122223333", KeyReferenceFailure.InvalidArn },
        { Prefix + "key/", KeyReferenceFailure.InvalidArn },
        { Prefix + "key/not-a-uuid", KeyReferenceFailure.InvalidArn },
        { Prefix + "key/1234ABCD-12AB-34CD-56EF-1234567890AB", KeyReferenceFailure.InvalidArn },
        { Prefix + "alias/", KeyReferenceFailure.InvalidArn },
        { Prefix + "alias/bad name", KeyReferenceFailure.InvalidArn },
        { Prefix + "grant/" + Uuid, KeyReferenceFailure.InvalidArn },
        { Prefix + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms:us-east-1:11112222333:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms:us-east-1:1111222233334:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms::111122223333:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms:US-EAST-1:111122223333:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms:useast1:111122223333:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:kms:us-east-1::key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws:s3:us-east-1:111122223333:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "arn:aws-cn:kms:cn-north-1:111122223333:key/" + Uuid, KeyReferenceFailure.InvalidArn },
        { "ARN:aws:kms:us-east-1:111122223333:key/" + Uuid, KeyReferenceFailure.Malformed },
    };

    [Theory]
    [MemberData(nameof(WellFormed))]
    public void TryParse_WellFormedUnderEveryAllowedCombination_SucceedsExactlyWhenItsFormIsAllowed(string text, KeyReferenceForms form)
    {
        for (var allowed = KeyReferenceForms.None; allowed <= KeyReferenceForms.Any; allowed++)
        {
            var parsed = KeyReference.TryParse(text, allowed, out var reference, out var failure, out var error);

            if ((allowed & form) != 0)
            {
                Assert.True(parsed, $"{text} under {allowed}: {error}");
                Assert.Equal(form, reference!.Form);
                Assert.Equal(text, reference.Text);
                Assert.Equal(KeyReferenceFailure.None, failure);
                Assert.Null(error);
            }
            else
            {
                Assert.False(parsed, $"{text} under {allowed}");
                Assert.Null(reference);
                Assert.Equal(KeyReferenceFailure.FormNotAllowed, failure);
                Assert.Equal($"Invalid keyId {text}", error);
            }
        }
    }

    [Theory]
    [MemberData(nameof(IllFormed))]
    public void TryParse_IllFormedUnderEveryAllowedCombination_FailsWithItsKind(string? text, KeyReferenceFailure expected)
    {
        for (var allowed = KeyReferenceForms.None; allowed <= KeyReferenceForms.Any; allowed++)
        {
            Assert.False(KeyReference.TryParse(text, allowed, out var reference, out var failure, out var error), $"{text} under {allowed}");
            Assert.Null(reference);
            Assert.Equal(expected, failure);
            Assert.Equal(expected == KeyReferenceFailure.InvalidArn ? $"Invalid arn {text}" : $"Invalid keyId {text}", error);
        }
    }

    [Theory]
    [InlineData("alias/my-key")]
    [InlineData(Prefix + "alias/my-key")]
    public void TryParse_AliasWhereOnlyIdOrArnIsAllowed_FailsAsFormNotAllowed(string text)
    {
        Assert.False(KeyReference.TryParse(text, KeyReferenceForms.IdOrArn, out _, out var failure, out var error));
        Assert.Equal(KeyReferenceFailure.FormNotAllowed, failure);
        Assert.Equal("Invalid keyId " + text, error);
    }

    [Fact]
    public void TryParse_KeyIdWhereOnlyKeyArnIsAllowed_FailsAsFormNotAllowed()
    {
        Assert.False(KeyReference.TryParse(Uuid, KeyReferenceForms.KeyArn, out _, out var failure, out _));
        Assert.Equal(KeyReferenceFailure.FormNotAllowed, failure);
    }

    [Fact]
    public void TryParse_KeyId_ExposesIdAndGuidOnly()
    {
        Assert.True(KeyReference.TryParse(Uuid, KeyReferenceForms.Any, out var reference, out _, out _));

        Assert.Equal(Uuid, reference.KeyId);
        Assert.Equal(Guid.Parse(Uuid), reference.KeyGuid);
        Assert.Null(reference.AliasName);
        Assert.Null(reference.Region);
        Assert.Null(reference.Account);
        Assert.False(reference.IsArn);
        Assert.False(reference.IsAlias);
        Assert.False(reference.IsMultiRegionKey);
    }

    [Fact]
    public void TryParse_KeyArn_ExposesRegionAccountAndKeyId()
    {
        Assert.True(KeyReference.TryParse("arn:aws:kms:eu-west-2:210987654321:key/" + Uuid, KeyReferenceForms.IdOrArn, out var reference, out _, out _));

        Assert.Equal(KeyReferenceForms.KeyArn, reference.Form);
        Assert.Equal(Uuid, reference.KeyId);
        Assert.Equal(Guid.Parse(Uuid), reference.KeyGuid);
        Assert.Equal("eu-west-2", reference.Region);
        Assert.Equal("210987654321", reference.Account?.Value);
        Assert.True(reference.IsArn);
        Assert.False(reference.IsAlias);
    }

    [Fact]
    public void TryParse_MultiRegionKeyId_ExposesItsHexDigitsAsTheGuidBytes()
    {
        Assert.True(KeyReference.TryParse(Prefix + "key/" + Mrk, KeyReferenceForms.Any, out var reference, out _, out _));

        Assert.Equal(Mrk, reference.KeyId);
        Assert.True(reference.IsMultiRegionKey);
        Assert.Equal(Guid.Parse("1234abcd-12ab-34cd-56ef-1234567890ab"), reference.KeyGuid);
    }

    [Fact]
    public void TryParse_AliasArn_ExposesAliasNameRegionAndAccount()
    {
        Assert.True(KeyReference.TryParse(Prefix + "alias/app/db", KeyReferenceForms.Any, out var reference, out _, out _));

        Assert.Equal(KeyReferenceForms.AliasArn, reference.Form);
        Assert.Equal("alias/app/db", reference.AliasName);
        Assert.Equal("us-east-1", reference.Region);
        Assert.Equal("111122223333", reference.Account?.Value);
        Assert.Null(reference.KeyId);
        Assert.Null(reference.KeyGuid);
        Assert.True(reference.IsAlias);
        Assert.True(reference.IsArn);
    }

    [Fact]
    public void TryParse_AliasName_ExposesTheNameOnly()
    {
        Assert.True(KeyReference.TryParse("alias/aws/rds", KeyReferenceForms.Any, out var reference, out _, out _));

        Assert.Equal("alias/aws/rds", reference.AliasName);
        Assert.Null(reference.Region);
        Assert.Null(reference.KeyId);
        Assert.Equal("alias/aws/rds", reference.ToString());
    }
}
