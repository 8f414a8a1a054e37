using Coffer.Keys.Policies;
using Coffer.Primitives;
using static Coffer.Keys.Tests.Policies.PolicyTestData;

namespace Coffer.Keys.Tests.Policies;

public sealed class PolicyLockoutCheckTests
{
    private static readonly AccountId Caller = AccountId.Parse(Account);

    private static bool LocksOut(string policy, string principal = AliceArn) =>
        PolicyLockoutCheck.WouldLockOut(KeyPolicy.Parse(policy), Caller, principal, KeyArn, Caller);

    [Fact]
    public void WouldLockOut_DefaultPolicy_IsFalse()
    {
        Assert.False(LocksOut(DefaultKeyPolicy.For(Caller)));
    }

    [Fact]
    public void WouldLockOut_PolicyWithoutPutKeyPolicy_IsTrue()
    {
        Assert.True(LocksOut($$$"""{"Statement":{"Effect":"Allow","Principal":{"AWS":"{{{RootArn}}}"},"Action":["kms:Decrypt","kms:Encrypt"],"Resource":"*"}}"""));
    }

    [Fact]
    public void WouldLockOut_PolicyForAnotherUserOnly_IsTrueForTheCallerAndFalseForThatUser()
    {
        var policy = $$$"""{"Statement":{"Effect":"Allow","Principal":{"AWS":"{{{BobArn}}}"},"Action":"kms:*","Resource":"*"}}""";

        Assert.True(LocksOut(policy, AliceArn));
        Assert.False(LocksOut(policy, BobArn));
    }

    [Fact]
    public void WouldLockOut_ExplicitDenyOfPutKeyPolicy_IsTrue()
    {
        Assert.True(LocksOut($$"""
            {"Statement":[{"Effect":"Allow","Principal":{"AWS":"{{RootArn}}"},"Action":"kms:*","Resource":"*"},
                          {"Effect":"Deny","Principal":"*","Action":"kms:Put*","Resource":"*"}]}
            """));
    }

    [Fact]
    public void WouldLockOut_PutKeyPolicyOnlyViaAService_IsTrue()
    {
        Assert.True(LocksOut($$$$$"""
            {"Statement":{"Effect":"Allow","Principal":{"AWS":"{{{{{RootArn}}}}}"},"Action":"kms:*","Resource":"*",
              "Condition":{"StringEquals":{"kms:ViaService":"rds.us-east-1.amazonaws.com"}}}}
            """));
    }

    [Fact]
    public void Ensure_LockingPolicy_ThrowsWithAwsMessage()
    {
        var policy = KeyPolicy.Parse($$$"""{"Statement":{"Effect":"Allow","Principal":{"AWS":"{{{RootArn}}}"},"Action":"kms:Decrypt","Resource":"*"}}""");

        var ex = Assert.Throws<PolicyDocumentException>(() => PolicyLockoutCheck.Ensure(policy, Caller, AliceArn, KeyArn, Caller));
        Assert.Equal("The new key policy will not allow you to update the key policy in the future.", ex.Message);
    }

    [Fact]
    public void Ensure_SafePolicy_DoesNotThrow()
    {
        var policy = KeyPolicy.Parse(DefaultKeyPolicy.For(Caller));

        var ex = Record.Exception(() => PolicyLockoutCheck.Ensure(policy, Caller, AliceArn, KeyArn, Caller));
        Assert.Null(ex);
    }
}
