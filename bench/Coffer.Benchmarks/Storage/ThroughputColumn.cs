using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Coffer.Benchmarks.Storage;

/// <summary>
/// Throughput in MB/s (10⁶ bytes a second, as <c>openssl speed</c> counts) from the mean time and the
/// <see cref="PageBytesAttribute"/> of the benchmark method; blank for methods without one.
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    public string Id => nameof(ThroughputColumn);

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "Throughput: bytes per invocation / mean time, in 10^6 bytes a second";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var bytes = benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttribute<PageBytesAttribute>()?.Bytes;
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        return bytes is null || mean is null or <= 0
            ? "-"
            : (bytes.Value / (mean.Value / 1e9) / 1e6).ToString("N0", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
