using Coffer.Keys.Policies;
using static Coffer.Keys.Tests.Policies.PolicyTestData;

namespace Coffer.Keys.Tests.Policies;

public sealed partial class PolicyEvaluatorTests
{
    private const string Rds = "rds.us-east-1.amazonaws.com";

    private static readonly Dictionary<string, string> AppContext = new() { ["AppName"] = "ExampleApp", ["Stage"] = "Test" };

    private static bool Allowed(string condition, PolicyRequest request) =>
        PolicyEvaluator.Evaluate(AllowWithCondition(condition), request).Allowed;

    [Theory]
    [InlineData("StringEquals", Account, true)]
    [InlineData("StringEquals", OtherAccount, false)]
    [InlineData("StringNotEquals", Account, false)]
    [InlineData("StringNotEquals", OtherAccount, true)]
    [InlineData("StringLike", "1111*", true)]
    [InlineData("StringLike", "4444*", false)]
    [InlineData("StringNotLike", "1111*", false)]
    [InlineData("StringNotLike", "4444*", true)]
    public void Evaluate_CallerAccountCondition_FollowsTheOperator(string op, string value, bool allowed)
    {
        Assert.Equal(allowed, Allowed($$$"""{"{{{op}}}":{"kms:CallerAccount":"{{{value}}}"}}""", Request()));
    }

    [Fact]
    public void Evaluate_SeveralValuesForOneKey_AnyMatchIsEnough()
    {
        var condition = $$$"""{"StringEquals":{"kms:CallerAccount":["{{{OtherAccount}}}","{{{Account}}}"]}}""";
        var negated = $$$"""{"StringNotEquals":{"kms:CallerAccount":["{{{OtherAccount}}}","{{{Account}}}"]}}""";

        Assert.True(Allowed(condition, Request()));
        Assert.False(Allowed(negated, Request()));
    }

    [Fact]
    public void Evaluate_SeveralKeysAndOperators_AllMustHold()
    {
        var condition = $$$"""{"StringEquals":{"kms:CallerAccount":"{{{Account}}}","kms:ViaService":"{{{Rds}}}"},"StringLike":{"aws:PrincipalArn":"*:user/alice"}}""";

        Assert.True(Allowed(condition, Request(viaService: Rds)));
        Assert.False(Allowed(condition, Request(viaService: "ec2.us-east-1.amazonaws.com")));
        Assert.False(Allowed(condition, Request(viaService: null)));
        Assert.False(Allowed(condition, Request(principalArn: BobArn, viaService: Rds)));
    }

    [Theory]
    [InlineData("StringEqualsIgnoreCase", "RDS.US-EAST-1.AMAZONAWS.COM", true)]
    [InlineData("StringEquals", "RDS.US-EAST-1.AMAZONAWS.COM", false)]
    [InlineData("StringNotEqualsIgnoreCase", "RDS.US-EAST-1.AMAZONAWS.COM", false)]
    [InlineData("StringNotEqualsIgnoreCase", "ec2.us-east-1.amazonaws.com", true)]
    public void Evaluate_IgnoreCaseOperators_CompareWithoutCase(string op, string value, bool allowed)
    {
        Assert.Equal(allowed, Allowed($$$"""{"{{{op}}}":{"kms:ViaService":"{{{value}}}"}}""", Request(viaService: Rds)));
    }

    [Theory]
    [InlineData("StringEquals", false)]
    [InlineData("StringLike", false)]
    [InlineData("StringEqualsIgnoreCase", false)]
    [InlineData("StringNotEquals", true)]
    [InlineData("StringNotLike", true)]
    [InlineData("StringEqualsIfExists", true)]
    [InlineData("StringNotEqualsIfExists", true)]
    [InlineData("ForAnyValue:StringEquals", false)]
    [InlineData("ForAllValues:StringEquals", true)]
    public void Evaluate_KeyMissingFromRequest_FollowsAwsSemantics(string op, bool allowed)
    {
        Assert.Equal(allowed, Allowed($$$"""{"{{{op}}}":{"kms:ViaService":"{{{Rds}}}"}}""", Request(viaService: null)));
    }

    [Fact]
    public void Evaluate_IfExistsWithKeyPresent_StillChecksTheValue()
    {
        var condition = $$$"""{"StringEqualsIfExists":{"kms:ViaService":"{{{Rds}}}"}}""";

        Assert.True(Allowed(condition, Request(viaService: Rds)));
        Assert.False(Allowed(condition, Request(viaService: "s3.us-east-1.amazonaws.com")));
    }

    [Theory]
    [InlineData("true", true, true)]
    [InlineData("true", false, false)]
    [InlineData("false", false, true)]
    [InlineData("TRUE", true, true)]
    public void Evaluate_BoolOnGrantIsForAwsResource_ComparesTheFlag(string value, bool flag, bool allowed)
    {
        Assert.Equal(allowed, Allowed($$$"""{"Bool":{"kms:GrantIsForAWSResource":"{{{value}}}"}}""", Request("kms:CreateGrant", grantIsForAwsResource: flag)));
    }

    [Fact]
    public void Evaluate_BoolWithJsonLiteralAndFlagAbsent_FailsUnlessIfExists()
    {
        Assert.True(Allowed("""{"Bool":{"kms:GrantIsForAWSResource":true}}""", Request("kms:CreateGrant", grantIsForAwsResource: true)));
        Assert.False(Allowed("""{"Bool":{"kms:GrantIsForAWSResource":true}}""", Request("kms:CreateGrant")));
        Assert.True(Allowed("""{"BoolIfExists":{"kms:GrantIsForAWSResource":true}}""", Request("kms:CreateGrant")));
    }

    [Fact]
    public void Evaluate_NullOperator_TestsWhetherTheKeyIsPresent()
    {
        Assert.True(Allowed("""{"Null":{"kms:ViaService":"true"}}""", Request(viaService: null)));
        Assert.False(Allowed("""{"Null":{"kms:ViaService":"true"}}""", Request(viaService: Rds)));
        Assert.True(Allowed("""{"Null":{"kms:ViaService":"false"}}""", Request(viaService: Rds)));
    }

    [Fact]
    public void Evaluate_EncryptionContextKey_MatchesTheContextKeyCaseInsensitivelyAndTheValueExactly()
    {
        var condition = """{"StringEquals":{"kms:EncryptionContext:appname":"ExampleApp"}}""";

        Assert.True(Allowed(condition, Request(context: AppContext)));
        Assert.False(Allowed(condition, Request(context: new Dictionary<string, string> { ["AppName"] = "exampleapp" })));
        Assert.False(Allowed(condition, Request(context: new Dictionary<string, string> { ["Other"] = "ExampleApp" })));
        Assert.False(Allowed(condition, Request()));
    }

    [Fact]
    public void Evaluate_EncryptionContextWithStringLikeAndNegation_FollowsTheOperator()
    {
        Assert.True(Allowed("""{"StringLike":{"kms:EncryptionContext:AppName":"Example*"}}""", Request(context: AppContext)));
        Assert.False(Allowed("""{"StringNotLike":{"kms:EncryptionContext:AppName":"Example*"}}""", Request(context: AppContext)));
        Assert.True(Allowed("""{"StringNotEquals":{"kms:EncryptionContext:Stage":"Restricted"}}""", Request(context: AppContext)));
    }

    [Fact]
    public void Evaluate_DenyOnEncryptionContextPair_DeniesOnlyThatPair()
    {
        var policy = KeyPolicy.Parse($$$$"""
            {"Statement":[
              {"Sid":"Allow","Effect":"Allow","Principal":{"AWS":"{{{{RootArn}}}}"},"Action":"kms:*","Resource":"*"},
              {"Sid":"NoRestricted","Effect":"Deny","Principal":"*","Action":"kms:Decrypt","Resource":"*",
               "Condition":{"StringEquals":{"kms:EncryptionContext:Stage":["Restricted","Production"]}}}]}
            """);

        var restricted = PolicyEvaluator.Evaluate(policy, Request(context: new Dictionary<string, string> { ["Stage"] = "Production" }));
        var test = PolicyEvaluator.Evaluate(policy, Request(context: AppContext));

        Assert.Equal(new PolicyDecision(false, true, "NoRestricted"), restricted);
        Assert.True(test.Allowed);
    }

    [Theory]
    [InlineData("ForAnyValue:StringEquals", """["AppName"]""", true)]
    [InlineData("ForAnyValue:StringEquals", """["Missing"]""", false)]
    [InlineData("ForAllValues:StringEquals", """["AppName","Stage","Extra"]""", true)]
    [InlineData("ForAllValues:StringEquals", """["AppName"]""", false)]
    [InlineData("ForAnyValue:StringLike", """["Sta*"]""", true)]
    [InlineData("ForAllValues:StringLike", """["*"]""", true)]
    [InlineData("ForAnyValue:StringNotEquals", """["AppName"]""", true)]
    [InlineData("ForAllValues:StringNotEquals", """["AppName"]""", false)]
    [InlineData("ForAllValues:StringNotEquals", """["Other"]""", true)]
    [InlineData("StringEquals", """["Stage"]""", true)]
    [InlineData("ForAnyValue:StringEquals", """["appname"]""", false)]
    public void Evaluate_EncryptionContextKeysWithSetOperators_ComparesTheSet(string op, string values, bool allowed)
    {
        Assert.Equal(allowed, Allowed($$$"""{"{{{op}}}":{"kms:EncryptionContextKeys":{{{values}}}}}""", Request(context: AppContext)));
    }

    [Fact]
    public void Evaluate_EncryptionContextKeysWithEmptyContext_ForAllValuesHoldsAndForAnyValueFails()
    {
        Assert.True(Allowed("""{"ForAllValues:StringEquals":{"kms:EncryptionContextKeys":["AppName"]}}""", Request()));
        Assert.False(Allowed("""{"ForAnyValue:StringEquals":{"kms:EncryptionContextKeys":["AppName"]}}""", Request()));
        Assert.True(Allowed("""{"ForAnyValue:StringEqualsIfExists":{"kms:EncryptionContextKeys":["AppName"]}}""", Request()));
    }

    [Fact]
    public void Evaluate_PrincipalKeys_ComeFromTheCaller()
    {
        Assert.True(Allowed($$$"""{"StringEquals":{"aws:PrincipalAccount":"{{{Account}}}"}}""", Request()));
        Assert.False(Allowed($$$"""{"StringEquals":{"aws:PrincipalAccount":"{{{Account}}}"}}""", Request(principalArn: OtherAliceArn)));
        Assert.True(Allowed($$$"""{"StringEquals":{"aws:PrincipalArn":"{{{AliceArn}}}"}}""", Request()));
        Assert.False(Allowed($$$"""{"StringEquals":{"aws:PrincipalArn":"{{{AliceArn}}}"}}""", Request(principalArn: BobArn)));
    }

    [Fact]
    public void Evaluate_ConditionKeyName_IsCaseInsensitive()
    {
        Assert.True(Allowed($$$"""{"StringEquals":{"KMS:CALLERACCOUNT":"{{{Account}}}"}}""", Request()));
    }

    [Fact]
    public void Evaluate_UnknownConditionKey_IsTreatedAsAbsent()
    {
        Assert.False(Allowed("""{"StringEquals":{"aws:SourceIp":"10.0.0.1"}}""", Request()));
        Assert.True(Allowed("""{"StringEqualsIfExists":{"aws:SourceIp":"10.0.0.1"}}""", Request()));
    }
}
