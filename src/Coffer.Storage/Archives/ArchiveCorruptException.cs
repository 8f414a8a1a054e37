namespace Coffer.Storage.Archives;

/// <summary>
/// An archive failed verification: altered, truncated, reordered, spliced, or opened with the wrong key. Nothing read
/// from it is used.
/// </summary>
public sealed class ArchiveCorruptException(string message) : Exception(message);
