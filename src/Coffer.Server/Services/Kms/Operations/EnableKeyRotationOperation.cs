using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>EnableKeyRotation: RotationPeriodInDays 90–2560 (default 365).</summary>
internal sealed class EnableKeyRotationOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "EnableKeyRotation";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var period = call.Input.OptionalInt("RotationPeriodInDays", KeyService.MinRotationPeriodInDays, KeyService.MaxRotationPeriodInDays);
        var key = await Keys.EnableKeyRotationAsync(call.Caller, keyId, period, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Empty;
    }
}
