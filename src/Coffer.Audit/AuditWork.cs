namespace Coffer.Audit;

/// <summary>An item of the audit queue: an event to write, or a signal to the writer loop.</summary>
internal abstract class AuditWork;
