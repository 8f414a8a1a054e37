namespace Coffer.Audit;

/// <summary>What an <see cref="AuditSignal"/> asks of the writer loop.</summary>
internal enum AuditSignalKind
{
    /// <summary>The flush interval passed: write what is pending; prune if due.</summary>
    Tick,

    /// <summary>Write everything queued before this signal.</summary>
    Flush,

    /// <summary>Write everything queued before this signal, then delete expired events.</summary>
    Prune,
}
