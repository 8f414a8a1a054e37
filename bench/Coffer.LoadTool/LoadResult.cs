using System.Globalization;
using System.Text;

namespace Coffer.LoadTool;

/// <summary>The outcome of one measured run: wall time, per-request latencies and errors by status and code.</summary>
internal sealed class LoadResult(string label, string operation, int concurrency, TimeSpan elapsed, long[] latencyTicks, IReadOnlyDictionary<string, int> errors)
{
    public double RequestsPerSecond => latencyTicks.Length / elapsed.TotalSeconds;

    public int ErrorCount => errors.Values.Sum();

    /// <summary>The latency at quantile <paramref name="q"/> (nearest rank) in milliseconds.</summary>
    public double Percentile(double q)
    {
        var rank = (int)Math.Ceiling(q * latencyTicks.Length) - 1;
        return Milliseconds(latencyTicks[Math.Clamp(rank, 0, latencyTicks.Length - 1)]);
    }

    public string Format()
    {
        Array.Sort(latencyTicks);
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"{label}: {operation}, {latencyTicks.Length} requests, {concurrency} clients, {elapsed.TotalSeconds:F2} s");
        text.AppendLine(c, $"  requests/s {RequestsPerSecond,10:F0}");
        text.AppendLine(c, $"  latency ms  p50 {Percentile(0.50):F2}  p90 {Percentile(0.90):F2}  p99 {Percentile(0.99):F2}  max {Milliseconds(latencyTicks[^1]):F2}");
        text.AppendLine(c, $"  errors     {ErrorCount}");
        foreach (var (kind, count) in errors.OrderByDescending(e => e.Value))
        {
            text.AppendLine(c, $"    {count,8}  {kind}");
        }

        // One tab-separated line for scripts: label, operation, rps, p50, p90, p99, max (ms), errors.
        text.Append(c, $"SUMMARY\t{label}\t{operation}\t{RequestsPerSecond:F0}\t{Percentile(0.50):F3}\t{Percentile(0.90):F3}\t{Percentile(0.99):F3}\t{Milliseconds(latencyTicks[^1]):F2}\t{ErrorCount}");
        return text.ToString();
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
