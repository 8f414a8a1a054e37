namespace Coffer.Storage.Logs;

/// <summary>An engine log file that does not authenticate: altered, moved from another file or volume, or not a log file.</summary>
public sealed class LogFileCorruptException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LogFileCorruptException(string fileName, long recordNumber)
        : base($"Engine log file {fileName} is corrupt or was tampered with at record {recordNumber}.")
    {
        FileName = fileName;
        RecordNumber = recordNumber;
    }

    /// <summary>The file's name under the volume's <c>logs/</c> directory.</summary>
    public string FileName { get; }

    /// <summary>The record that failed (0-based; -1 for the header).</summary>
    public long RecordNumber { get; }
}
