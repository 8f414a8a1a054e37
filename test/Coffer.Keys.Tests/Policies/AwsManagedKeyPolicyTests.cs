using Coffer.Keys.Policies;
using Coffer.Primitives;
using static Coffer.Keys.Tests.Policies.PolicyTestData;

namespace Coffer.Keys.Tests.Policies;

public sealed class AwsManagedKeyPolicyTests
{
    private const string Rds = "rds.us-east-1.amazonaws.com";
    private static readonly KeyPolicy RdsPolicy = KeyPolicy.Parse(AwsManagedKeyPolicy.For(AccountId.Parse(Account), "rds", "us-east-1"));

    private static readonly Dictionary<string, string> ClusterContext = new() { ["aws:rds:dbc-id"] = "cluster-ABC" };

    [Theory]
    [InlineData("kms:Decrypt")]
    [InlineData("kms:Encrypt")]
    [InlineData("kms:GenerateDataKeyWithoutPlaintext")]
    [InlineData("kms:ReEncryptFrom")]
    [InlineData("kms:CreateGrant")]
    public void Evaluate_AccountPrincipalViaRds_IsAllowed(string action)
    {
        var decision = PolicyEvaluator.Evaluate(RdsPolicy, Request(action, AliceArn, Rds, ClusterContext));

        Assert.True(decision.Allowed);
        Assert.Equal(AwsManagedKeyPolicy.ViaServiceStatementSid("rds"), decision.MatchedStatementSid);
    }

    [Fact]
    public void Evaluate_DirectDecrypt_IsDenied()
    {
        Assert.False(PolicyEvaluator.Evaluate(RdsPolicy, Request("kms:Decrypt", AliceArn, null, ClusterContext)).Allowed);
    }

    [Fact]
    public void Evaluate_OtherAccountThroughRds_IsDenied()
    {
        Assert.False(PolicyEvaluator.Evaluate(RdsPolicy, Request("kms:Decrypt", OtherAliceArn, Rds, ClusterContext)).Allowed);
    }

    [Fact]
    public void Evaluate_ViaAnotherServiceOrRegion_IsDenied()
    {
        Assert.False(PolicyEvaluator.Evaluate(RdsPolicy, Request("kms:Decrypt", AliceArn, "ec2.us-east-1.amazonaws.com")).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(RdsPolicy, Request("kms:Decrypt", AliceArn, "rds.eu-west-1.amazonaws.com")).Allowed);
    }

    [Theory]
    [InlineData("kms:DescribeKey", true)]
    [InlineData("kms:GetKeyPolicy", true)]
    [InlineData("kms:ListGrants", true)]
    [InlineData("kms:RevokeGrant", true)]
    [InlineData("kms:PutKeyPolicy", false)]
    [InlineData("kms:ScheduleKeyDeletion", false)]
    public void Evaluate_DirectMetadataCalls_AllowsOnlyReadsAndRevoke(string action, bool allowed)
    {
        Assert.Equal(allowed, PolicyEvaluator.Evaluate(RdsPolicy, Request(action, AliceArn)).Allowed);
        Assert.False(PolicyEvaluator.Evaluate(RdsPolicy, Request(action, OtherAliceArn)).Allowed);
    }

    [Fact]
    public void For_Rds_HasTheObservedIdSidsAndConditions()
    {
        Assert.Equal("auto-rds-2", RdsPolicy.Id);
        Assert.Equal(
            ["Allow access through RDS for all principals in the account that are authorized to use RDS", "Allow direct access to key metadata to the account"],
            RdsPolicy.Statements.Select(s => s.Sid));
        var via = RdsPolicy.Statements[0];
        Assert.True(via.Principal.IsWildcard);
        Assert.Equal(["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"], via.Actions);
        Assert.Equal(
            [("kms:CallerAccount", Account), ("kms:ViaService", Rds)],
            via.Conditions.Select(c => (c.Key, Assert.Single(c.Values))));
        Assert.All(via.Conditions, c => Assert.Equal(ConditionOperatorKind.StringEquals, c.Kind));
        Assert.Equal(["kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant"], RdsPolicy.Statements[1].Actions);
    }

    [Fact]
    public void For_Rds_IsPrintedLikeGetKeyPolicy()
    {
        var text = AwsManagedKeyPolicy.For(AccountId.Parse(Account), "rds", "us-east-1");

        Assert.StartsWith("{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"auto-rds-2\",\n  \"Statement\" : [ {\n", text, StringComparison.Ordinal);
        Assert.Contains("\"Action\" : [ \"kms:Encrypt\", \"kms:Decrypt\",", text, StringComparison.Ordinal);
        Assert.Contains("\n  }, {\n    \"Sid\" : \"Allow direct access to key metadata to the account\"", text, StringComparison.Ordinal);
        Assert.EndsWith("\n  } ]\n}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void For_Ebs_UsesTheEc2Endpoint()
    {
        var policy = KeyPolicy.Parse(AwsManagedKeyPolicy.For(AccountId.Parse(Account), "ebs", "us-west-2"));

        Assert.Equal("Allow access through EBS for all principals in the account that are authorized to use EBS", policy.Statements[0].Sid);
        Assert.Contains(policy.Statements[0].Conditions, c => c.Key == "kms:ViaService" && c.Values[0] == "ec2.us-west-2.amazonaws.com");
    }
}
