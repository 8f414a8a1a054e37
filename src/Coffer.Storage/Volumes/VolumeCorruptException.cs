namespace Coffer.Storage.Volumes;

/// <summary>A page of a volume failed authentication: it was altered or damaged, and none of its data is returned.</summary>
public sealed class VolumeCorruptException(string volume, string file, long pageNumber, Exception? innerException)
    : VolumeException($"Volume {volume}: page {pageNumber} of {Path.GetFileName(file)} failed authentication (altered or damaged); no data from it is returned.", innerException)
{
    /// <summary>The volume's id.</summary>
    public string Volume { get; } = volume;

    /// <summary>The database page number.</summary>
    public long PageNumber { get; } = pageNumber;
}
