using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>PutKeyPolicy: replaces the <c>default</c> policy of a customer managed key, with the lockout check unless bypassed.</summary>
internal sealed class PutKeyPolicyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "PutKeyPolicy";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var policyName = call.Input.OptionalString("PolicyName", 1, 128) ?? KeyService.DefaultPolicyName;
        var policy = call.Input.RequiredString("Policy", 1, 131072);
        var bypass = call.Input.OptionalBool("BypassPolicyLockoutSafetyCheck") ?? false;
        var key = await Keys.PutKeyPolicyAsync(call.Caller, keyId, policyName, policy, bypass, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Empty;
    }
}
