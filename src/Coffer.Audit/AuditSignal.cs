namespace Coffer.Audit;

/// <summary>A request to the writer loop; <see cref="Done"/> completes once it has been carried out.</summary>
internal sealed class AuditSignal(AuditSignalKind kind) : AuditWork
{
    public AuditSignalKind Kind { get; } = kind;

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
