using Coffer.Keys.Service;

namespace Coffer.Server.Services.Kms.Operations;

/// <summary>ScheduleKeyDeletion: PendingWindowInDays 7–30 (default 30; the model allows 1–365, AWS enforces 7–30).</summary>
internal sealed class ScheduleKeyDeletionOperation(KeyService keys, IKmsAuditSink audit) : KmsOperation(keys, audit)
{
    /// <inheritdoc />
    public override string Name => "ScheduleKeyDeletion";

    /// <inheritdoc />
    public override bool ReadOnly => false;

    /// <inheritdoc />
    protected override async ValueTask<byte[]> ExecuteAsync(KmsCall call, CancellationToken cancellationToken)
    {
        var keyId = call.Input.RequiredString("KeyId", 1, 2048);
        var window = call.Input.OptionalInt("PendingWindowInDays", KeyService.MinPendingWindowInDays, KeyService.MaxPendingWindowInDays) ?? KeyService.MaxPendingWindowInDays;
        var key = await Keys.ScheduleKeyDeletionAsync(call.Caller, keyId, window, cancellationToken);
        call.KeyArn = key.Arn;
        return KmsJson.Object(w =>
        {
            w.WriteString("KeyId", key.Arn);
            w.WriteDate("DeletionDate", key.DeletionDate!.Value);
            w.WriteString("KeyState", key.State.ToString());
            w.WriteNumber("PendingWindowInDays", window);
        });
    }
}
