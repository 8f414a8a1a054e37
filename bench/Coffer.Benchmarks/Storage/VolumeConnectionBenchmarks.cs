using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Storage.Volumes;

namespace Coffer.Benchmarks.Storage;

/// <summary>
/// <see cref="Volume.OpenConnection"/> from the warm pool and back, as every Data API statement and every metadata
/// store operation does: the pool's lookup and the connection's set-up (temp store, synchronous, cache size, busy
/// timeout). An encrypted volume, since the set-up does not depend on the cipher.
/// </summary>
[MemoryDiagnoser]
public class VolumeConnectionBenchmarks
{
    private string _directory = null!;
    private Volume _volume = null!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "coffer-bench-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        _volume = Volume.Create(_directory, new VolumeKeyMaterial(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(184), "arn:aws:kms:us-east-1:000000000000:key/bench", new Dictionary<string, string>()), TimeProvider.System, new VolumeOptions());
        using var connection = _volume.OpenConnection();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _volume.Dispose();
        Volume.Delete(_directory);
    }

    [Benchmark]
    public void OpenPooledConnection()
    {
        using var connection = _volume.OpenConnection();
    }
}
