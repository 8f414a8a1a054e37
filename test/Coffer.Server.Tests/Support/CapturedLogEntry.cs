using Microsoft.Extensions.Logging;

namespace Coffer.Server.Tests.Support;

/// <summary>One captured log entry.</summary>
internal sealed record CapturedLogEntry(
    string Category, LogLevel Level, int EventId, string Message, string? Exception, IReadOnlyDictionary<string, object?> Fields)
{
    /// <summary>Everything the entry would put in a log sink.</summary>
    public string FullText => Exception is null ? Message : Message + "\n" + Exception;
}
