namespace Coffer.Benchmarks.Storage;

/// <summary>How many bytes one invocation of a benchmark processes, for <see cref="ThroughputColumn"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PageBytesAttribute(int bytes) : Attribute
{
    /// <summary>Bytes per invocation.</summary>
    public int Bytes { get; } = bytes;
}
