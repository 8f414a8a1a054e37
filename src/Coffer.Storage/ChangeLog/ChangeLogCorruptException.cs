namespace Coffer.Storage.ChangeLog;

/// <summary>A change log segment failed verification, or the log lacks transactions a restore needs.</summary>
public sealed class ChangeLogCorruptException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChangeLogCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ChangeLogCorruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
