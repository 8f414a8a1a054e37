using Coffer.Keys.Policies;
using Coffer.Primitives;
using static Coffer.Keys.Tests.Policies.PolicyTestData;

namespace Coffer.Keys.Tests.Policies;

public sealed partial class PolicyEvaluatorTests
{
    private static readonly KeyPolicy Default = KeyPolicy.Parse(DefaultKeyPolicy.For(AccountId.Parse(Account)));

    [Theory]
    [InlineData("kms:Decrypt")]
    [InlineData("kms:Encrypt")]
    [InlineData("kms:PutKeyPolicy")]
    [InlineData("kms:ScheduleKeyDeletion")]
    [InlineData("kms:CreateGrant")]
    public void Evaluate_DefaultPolicyAndPrincipalOfTheKeysAccount_Allows(string action)
    {
        var decision = PolicyEvaluator.Evaluate(Default, Request(action, BobArn));

        Assert.True(decision.Allowed);
        Assert.False(decision.ExplicitDeny);
        Assert.Equal(DefaultKeyPolicy.StatementSid, decision.MatchedStatementSid);
    }

    [Fact]
    public void Evaluate_DefaultPolicyAndAccountRoot_Allows()
    {
        Assert.True(PolicyEvaluator.Evaluate(Default, Request("kms:Decrypt", RootArn)).Allowed);
    }

    [Fact]
    public void Evaluate_DefaultPolicyAndAnotherAccount_IsImplicitlyDenied()
    {
        var decision = PolicyEvaluator.Evaluate(Default, Request("kms:Decrypt", OtherAliceArn));

        Assert.Equal(PolicyDecision.ImplicitDeny, decision);
    }

    [Fact]
    public void Evaluate_DenyAndAllowBothApply_DenyWins()
    {
        var policy = KeyPolicy.Parse($$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"AllowAll","Effect":"Allow","Principal":{"AWS":"{{RootArn}}"},"Action":"kms:*","Resource":"*"},
              {"Sid":"NoDecryptForAlice","Effect":"Deny","Principal":{"AWS":"{{AliceArn}}"},"Action":"kms:Decrypt","Resource":"*"}]}
            """);

        var alice = PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", AliceArn));
        var bob = PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", BobArn));
        var aliceEncrypt = PolicyEvaluator.Evaluate(policy, Request("kms:Encrypt", AliceArn));

        Assert.Equal(new PolicyDecision(false, true, "NoDecryptForAlice"), alice);
        Assert.Equal(new PolicyDecision(true, false, "AllowAll"), bob);
        Assert.True(aliceEncrypt.Allowed);
    }

    [Fact]
    public void Evaluate_CrossAccountPolicyNamingAnotherAccountsRoot_AllowsThatAccount()
    {
        var policy = KeyPolicy.Parse($$"""
            {"Version":"2012-10-17","Statement":[
              {"Sid":"Owner","Effect":"Allow","Principal":{"AWS":"{{RootArn}}"},"Action":"kms:*","Resource":"*"},
              {"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{OtherAccount}}:root"},"Action":["kms:Decrypt","kms:DescribeKey"],"Resource":"*"}]}
            """);

        var partnerDecrypt = PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", OtherAliceArn));
        var partnerPut = PolicyEvaluator.Evaluate(policy, Request("kms:PutKeyPolicy", OtherAliceArn));
        var stranger = PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", "arn:aws:iam::777788889999:user/eve"));

        Assert.Equal(new PolicyDecision(true, false, "Partner"), partnerDecrypt);
        Assert.False(partnerPut.Allowed);
        Assert.False(stranger.Allowed);
    }

    [Fact]
    public void Evaluate_BareAccountIdPrincipal_DelegatesToTheAccount()
    {
        var policy = Policy($$""" "Effect":"Allow","Principal":{"AWS":"{{OtherAccount}}"},"Action":"kms:Decrypt","Resource":"*" """);

        Assert.True(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", OtherAliceArn)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", AliceArn)).Allowed);
    }

    [Fact]
    public void Evaluate_UserPrincipal_MatchesOnlyThatUser()
    {
        var policy = Policy($$""" "Effect":"Allow","Principal":{"AWS":"{{AliceArn}}"},"Action":"kms:Decrypt","Resource":"*" """);

        Assert.True(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", AliceArn)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", BobArn)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", OtherAliceArn)).Allowed);
    }

    [Fact]
    public void Evaluate_RolePrincipal_MatchesSessionsOfThatRoleOnly()
    {
        var policy = Policy(""" "Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/ops/Admin"},"Action":"kms:Decrypt","Resource":"*" """);

        Assert.True(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", "arn:aws:sts::111122223333:assumed-role/Admin/s1")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", "arn:aws:sts::111122223333:assumed-role/Reader/s1")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", "arn:aws:sts::444455556666:assumed-role/Admin/s1")).Allowed);
    }

    [Theory]
    [InlineData("kms:*", "kms:Decrypt", true)]
    [InlineData("*", "kms:Decrypt", true)]
    [InlineData("kms:Generate*", "kms:GenerateDataKeyWithoutPlaintext", true)]
    [InlineData("kms:Generate*", "kms:Decrypt", false)]
    [InlineData("kms:ReEncrypt*", "kms:ReEncryptFrom", true)]
    [InlineData("kms:Describe?ey", "kms:DescribeKey", true)]
    [InlineData("kms:Describe?ey", "kms:DescribeKKey", false)]
    [InlineData("KMS:decrypt", "kms:Decrypt", true)]
    [InlineData("kms:Decrypt", "kms:DecryptX", false)]
    [InlineData("kms:*Key", "kms:CreateKey", true)]
    [InlineData("kms:*Key", "kms:CreateKeys", false)]
    public void Evaluate_ActionPattern_MatchesCaseInsensitivelyWithWildcards(string pattern, string action, bool allowed)
    {
        var policy = Policy($$""" "Effect":"Allow","Principal":"*","Action":"{{pattern}}","Resource":"*" """);

        Assert.Equal(allowed, PolicyEvaluator.Evaluate(policy, Request(action)).Allowed);
    }

    [Fact]
    public void Evaluate_NotAction_AppliesToEveryOtherAction()
    {
        var policy = Policy(""" "Effect":"Allow","Principal":"*","NotAction":["kms:ScheduleKeyDeletion","kms:Put*"],"Resource":"*" """);

        Assert.True(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:ScheduleKeyDeletion")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:PutKeyPolicy")).Allowed);
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData(KeyArn, true)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/*", true)]
    [InlineData("arn:aws:kms:*:111122223333:key/1234abcd-*", true)]
    [InlineData("arn:aws:kms:us-west-2:111122223333:key/*", false)]
    [InlineData("arn:aws:kms:us-east-1:111122223333:key/other", false)]
    [InlineData("ARN:AWS:KMS:us-east-1:111122223333:key/*", false)]
    public void Evaluate_ResourcePattern_MatchesTheKeyArn(string resource, bool allowed)
    {
        var policy = Policy($$""" "Effect":"Allow","Principal":"*","Action":"kms:*","Resource":"{{resource}}" """);

        Assert.Equal(allowed, PolicyEvaluator.Evaluate(policy, Request()).Allowed);
    }

    [Fact]
    public void Evaluate_NotResource_ExcludesTheListedKeys()
    {
        var policy = Policy($$""" "Effect":"Deny","Principal":"*","Action":"kms:*","NotResource":"{{KeyArn}}" """);

        Assert.False(PolicyEvaluator.Evaluate(policy, Request()).ExplicitDeny);
    }

    [Fact]
    public void Evaluate_ServicePrincipal_MatchesOnlyThatService()
    {
        var policy = Policy(""" "Effect":"Allow","Principal":{"Service":"rds.amazonaws.com"},"Action":"kms:Decrypt","Resource":"*" """);

        Assert.True(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", "rds.amazonaws.com")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(policy, Request("kms:Decrypt", AliceArn)).Allowed);
    }
}
