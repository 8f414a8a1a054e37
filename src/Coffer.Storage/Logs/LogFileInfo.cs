namespace Coffer.Storage.Logs;

/// <summary>An engine log file as listed, from its headers only (nothing is decrypted).</summary>
/// <param name="Name">Its path under the listed directory, with '/' separators.</param>
/// <param name="LastWritten">The time of its last record (its creation time while it has none).</param>
/// <param name="Size">The bytes of text it holds: its records' lengths plus one newline each.</param>
/// <param name="Records">How many complete records it holds.</param>
public readonly record struct LogFileInfo(string Name, DateTimeOffset LastWritten, long Size, long Records);
