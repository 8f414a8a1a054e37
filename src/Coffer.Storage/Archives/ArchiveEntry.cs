namespace Coffer.Storage.Archives;

/// <summary>An object in an archive store.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="LastModified">When it was committed.</param>
public sealed record ArchiveEntry(string Name, long Size, DateTimeOffset LastModified);
