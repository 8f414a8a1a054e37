namespace Coffer.Clusters;

/// <summary>One portion of an engine log file, as DownloadDBLogFilePortion returns it.</summary>
/// <param name="LogFileData">The lines, each ending with a newline.</param>
/// <param name="Marker">The line the next portion starts at.</param>
/// <param name="AdditionalDataPending">Whether lines follow this portion.</param>
public sealed record EngineLogPortion(string LogFileData, string Marker, bool AdditionalDataPending);
