using Coffer.Keys.Policies;

namespace Coffer.Keys.Tests.Policies;

public sealed class KeyPolicyTests
{
    private const string Valid = """
        {"Version":"2012-10-17","Id":"my-policy","Statement":[
          {"Sid":"A","Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::111122223333:user/alice"]},
           "Action":["kms:Encrypt","kms:Decrypt"],"Resource":"*"},
          {"Sid":"D","Effect":"Deny","Principal":"*","NotAction":"kms:Describe*","NotResource":"arn:aws:kms:*",
           "Condition":{"StringEquals":{"kms:CallerAccount":"111122223333"}}}]}
        """;

    [Fact]
    public void Parse_ValidDocument_ReadsEveryElement()
    {
        var policy = KeyPolicy.Parse(Valid);

        Assert.Equal("2012-10-17", policy.Version);
        Assert.Equal("my-policy", policy.Id);
        Assert.Equal(2, policy.Statements.Count);
        var allow = policy.Statements[0];
        Assert.Equal("A", allow.Sid);
        Assert.Equal(PolicyEffect.Allow, allow.Effect);
        Assert.Equal(["111122223333", "arn:aws:iam::111122223333:user/alice"], allow.Principal.Aws);
        Assert.False(allow.Principal.IsWildcard);
        Assert.Equal(["kms:Encrypt", "kms:Decrypt"], allow.Actions);
        Assert.False(allow.IsNotAction);
        var deny = policy.Statements[1];
        Assert.Equal(PolicyEffect.Deny, deny.Effect);
        Assert.True(deny.Principal.IsWildcard);
        Assert.True(deny.IsNotAction);
        Assert.True(deny.IsNotResource);
        var condition = Assert.Single(deny.Conditions);
        Assert.Equal(ConditionOperatorKind.StringEquals, condition.Kind);
        Assert.Equal("kms:CallerAccount", condition.Key);
        Assert.Equal(["111122223333"], condition.Values);
    }

    [Fact]
    public void Parse_AnyDocument_KeepsTheOriginalText()
    {
        var text = Valid + "\n  ";

        Assert.Same(text, KeyPolicy.Parse(text).Text);
    }

    [Fact]
    public void Parse_SingleStatementObjectAndOldVersion_IsAccepted()
    {
        var policy = KeyPolicy.Parse("""{"Version":"2008-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}}""");

        Assert.Equal("2008-10-17", policy.Version);
        Assert.True(Assert.Single(policy.Statements).Principal.IsWildcard);
    }

    [Theory]
    [InlineData("arn:aws:iam::111122223333:root")]
    [InlineData("111122223333")]
    [InlineData("arn:aws:iam::111122223333:user/Name")]
    [InlineData("arn:aws:iam::111122223333:user/path/Name")]
    [InlineData("arn:aws:iam::111122223333:role/Admin")]
    [InlineData("arn:aws:sts::111122223333:assumed-role/Admin/session-1")]
    public void Parse_SupportedPrincipalForm_IsAccepted(string principal)
    {
        var policy = KeyPolicy.Parse($$$"""{"Statement":{"Effect":"Allow","Principal":{"AWS":"{{{principal}}}"},"Action":"kms:*","Resource":"*"}}""");

        Assert.Equal([principal], policy.Statements[0].Principal.Aws);
    }

    [Theory]
    [InlineData("", PolicyMessages.InvalidJson)]
    [InlineData("not json", PolicyMessages.InvalidJson)]
    [InlineData("[1,2]", PolicyMessages.InvalidJson)]
    [InlineData("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}""", PolicyMessages.InvalidJson)]
    [InlineData("""{"Version":"2020-01-01","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidVersion)]
    [InlineData("""{"Version":"2012-10-17"}""", PolicyMessages.MissingStatement)]
    [InlineData("""{"Version":"2012-10-17","Statement":[]}""", PolicyMessages.MissingStatement)]
    [InlineData("""{"Statement":[{"Principal":"*","Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidEffect)]
    [InlineData("""{"Statement":[{"Effect":"Maybe","Principal":"*","Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidEffect)]
    [InlineData("""{"Statement":[{"Effect":"allow","Principal":"*","Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidEffect)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"kms:*","Resource":"*"}]}""", PolicyMessages.MissingPrincipal)]
    [InlineData("""{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"Action":"kms:*","Resource":"*"}]}""", PolicyMessages.NotPrincipalUnsupported)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*"}]}""", PolicyMessages.MissingAction)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","NotAction":"kms:Decrypt","Resource":"*"}]}""", PolicyMessages.MissingAction)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}""", PolicyMessages.InvalidAction)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":["kms:Decrypt","iam:*"],"Resource":"*"}]}""", PolicyMessages.InvalidAction)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:","Resource":"*"}]}""", PolicyMessages.InvalidAction)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*"}]}""", PolicyMessages.MissingResource)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"alice","Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidPrincipals)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1234:root"},"Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidPrincipals)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:s3:::bucket"},"Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidPrincipals)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:group/Admins"},"Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidPrincipals)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidPrincipals)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":{"AWS":[]},"Action":"kms:*","Resource":"*"}]}""", PolicyMessages.InvalidPrincipals)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringSortOf":{"kms:CallerAccount":"1"}}}]}""", PolicyMessages.UnknownOperator + "StringSortOf")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"NullIfExists":{"kms:ViaService":"true"}}}]}""", PolicyMessages.UnknownOperator + "NullIfExists")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":"x"}}]}""", PolicyMessages.InvalidCondition)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"StringEquals":{"kms:CallerAccount":[]}}}]}""", PolicyMessages.InvalidCondition)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"kms:EncryptionContext:Dept":"IT"}}}]}""", PolicyMessages.OverlyPermissiveEncryptionContext)]
    [InlineData("""{"Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*","Extra":1}]}""", PolicyMessages.UnknownElement + "Extra")]
    public void TryParse_MalformedDocument_FailsWithAwsStyleMessage(string text, string expectedMessage)
    {
        Assert.False(KeyPolicy.TryParse(text, out var policy, out var error));
        Assert.Null(policy);
        Assert.Equal(expectedMessage, error);
    }

    [Fact]
    public void Parse_MalformedDocument_ThrowsPolicyDocumentException()
    {
        var ex = Assert.Throws<PolicyDocumentException>(() => KeyPolicy.Parse("""{"Statement":[{"Effect":"Allow","Principal":"*","Resource":"*"}]}"""));

        Assert.Equal(PolicyMessages.MissingAction, ex.Message);
    }

    [Fact]
    public void TryParse_AtTheSizeLimit_IsAcceptedAndOneByteMoreIsRefused()
    {
        const string prefix = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"*"}],"Id":" """;
        const string suffix = "\"}";
        var atLimit = prefix + new string('x', KeyPolicy.MaxSizeInBytes - prefix.Length - suffix.Length) + suffix;
        var overLimit = prefix + new string('x', KeyPolicy.MaxSizeInBytes - prefix.Length - suffix.Length + 1) + suffix;

        Assert.Equal(KeyPolicy.MaxSizeInBytes, atLimit.Length);
        Assert.True(KeyPolicy.TryParse(atLimit, out _, out var atLimitError), atLimitError);
        Assert.False(KeyPolicy.TryParse(overLimit, out _, out var error));
        Assert.Equal(PolicyMessages.TooLarge, error);
    }

    [Theory]
    [InlineData("StringEquals", ConditionOperatorKind.StringEquals, ConditionSetQualifier.None, false)]
    [InlineData("StringNotLikeIfExists", ConditionOperatorKind.StringNotLike, ConditionSetQualifier.None, true)]
    [InlineData("ForAnyValue:StringLike", ConditionOperatorKind.StringLike, ConditionSetQualifier.ForAnyValue, false)]
    [InlineData("ForAllValues:StringEqualsIgnoreCaseIfExists", ConditionOperatorKind.StringEqualsIgnoreCase, ConditionSetQualifier.ForAllValues, true)]
    [InlineData("Bool", ConditionOperatorKind.Bool, ConditionSetQualifier.None, false)]
    [InlineData("Null", ConditionOperatorKind.Null, ConditionSetQualifier.None, false)]
    public void Parse_ConditionOperator_SplitsPrefixBaseAndSuffix(string op, ConditionOperatorKind kind, ConditionSetQualifier qualifier, bool ifExists)
    {
        var key = qualifier == ConditionSetQualifier.None ? "kms:ViaService" : "kms:EncryptionContextKeys";
        var policy = PolicyTestData.AllowWithCondition($$$"""{"{{{op}}}":{"{{{key}}}":"x"}}""");

        var condition = Assert.Single(policy.Statements[0].Conditions);
        Assert.Equal(op, condition.Operator);
        Assert.Equal(kind, condition.Kind);
        Assert.Equal(qualifier, condition.Qualifier);
        Assert.Equal(ifExists, condition.IfExists);
    }
}
