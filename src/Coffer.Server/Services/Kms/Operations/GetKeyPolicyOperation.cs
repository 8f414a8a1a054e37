using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>GetKeyPolicy: the policy named <c>default</c> (any other name is NotFoundException), as stored.</summary>
internal sealed class GetKeyPolicyOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "GetKeyPolicy";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var policyName = call.Input.OptionalString("PolicyName", 1, 128) ?? KeyService.DefaultPolicyName;
        var policy = await Keys.GetKeyPolicyAsync(call.Caller, keyId, policyName, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteString("Policy", policy);
            w.WriteString("PolicyName", KeyService.DefaultPolicyName);
        });
    }
}
