using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ListKeyPolicies: always <c>["default"]</c>, never truncated.</summary>
internal sealed class ListKeyPoliciesOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ListKeyPolicies";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        call.Input.OptionalInt("Limit", 1, 1000);
        call.Input.OptionalString("Marker", 1, 1024);
        var names = await Keys.ListKeyPoliciesAsync(call.Caller, keyId, cancellationToken);
        return KmsJson.Object(w =>
        {
            w.WriteStartArray("PolicyNames");
            foreach (var name in names)
            {
                w.WriteStringValue(name);
            }

            w.WriteEndArray();
            w.WriteBoolean("Truncated", false);
        });
    }
}
