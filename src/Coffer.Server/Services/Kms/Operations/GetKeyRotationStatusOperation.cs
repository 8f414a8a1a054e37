using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>GetKeyRotationStatus: whether automatic rotation is on, its period and next date.</summary>
internal sealed class GetKeyRotationStatusOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "GetKeyRotationStatus";

    /// <inheritdoc />
    public override bool ReadOnly => true;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var status = await Keys.GetKeyRotationStatusAsync(call.Caller, keyId, cancellationToken);
        call.KeyArn = status.KeyArn;
        return KmsJson.Object(w =>
        {
            w.WriteBoolean("KeyRotationEnabled", status.RotationEnabled);
            w.WriteString("KeyId", status.KeyArn);
            if (status.RotationPeriodInDays is { } period)
            {
                w.WriteNumber("RotationPeriodInDays", period);
            }

            if (status.NextRotationDate is { } next)
            {
                w.WriteDate("NextRotationDate", next);
            }
        });
    }
}
