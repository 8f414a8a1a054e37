namespace Coffer.Storage.Logs;

/// <summary>One record of an engine log file, opened.</summary>
/// <param name="Time">When it was written.</param>
/// <param name="Text">Its text.</param>
public readonly record struct LogRecord(DateTimeOffset Time, string Text);
