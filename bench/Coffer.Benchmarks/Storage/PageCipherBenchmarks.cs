using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Coffer.Storage.Vfs;

namespace Coffer.Benchmarks.Storage;

/// <summary>
/// The page cipher in isolation: one 4 KiB page with a 5-byte associated data (the database file's
/// <c>'D' ‖ page number</c>), against a bare <see cref="AesGcm"/> call on the same 4068 data bytes, so that the
/// cipher's own overhead (thread-local epoch lookup, trailer handling) shows. Compare the MB/s column with
/// <c>bench/storage/openssl-baseline.sh</c> on the same machine.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class PageCipherBenchmarks
{
    private const int PageSize = PageCipher.PageSize;

    private readonly byte[] _plain = new byte[PageSize];
    private readonly byte[] _encrypted = new byte[PageSize];
    private readonly byte[] _output = new byte[PageSize];
    private readonly byte[] _aad = [(byte)'D', 0, 0, 0x01, 0x2c];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _frameHeader = new byte[24];
    private PageCipher _cipher = null!;
    private AesGcm _aesGcm = null!;
    private VolumeCipher _volume = null!;
    private WalChecksumMasker _masker = null!;

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        _cipher = new PageCipher(key);
        _aesGcm = new AesGcm(key, 16);
        using (var keys = new VolumeKeys(key, RandomNumberGenerator.GetBytes(16)))
        {
            _volume = VolumeCipher.Create("bench", keys);
            _masker = _volume.CreateChecksumMasker()!;
        }

        RandomNumberGenerator.Fill(_frameHeader);
        RandomNumberGenerator.Fill(_plain.AsSpan(0, PageCipher.UsableSize));
        _cipher.Encrypt(_plain, _encrypted, _aad);
        if (!_cipher.TryDecrypt(_encrypted, _output, _aad) || !_output.AsSpan().SequenceEqual(_plain))
        {
            throw new InvalidOperationException("The benchmark page does not round-trip.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cipher.Dispose();
        _aesGcm.Dispose();
        _masker.Dispose();
        _volume.Dispose();
    }

    [Benchmark(Description = "PageCipher.Encrypt (4 KiB page)")]
    [PageBytes(PageSize)]
    public void Encrypt() => _cipher.Encrypt(_plain, _output, _aad);

    [Benchmark(Description = "PageCipher.TryDecrypt (4 KiB page)")]
    [PageBytes(PageSize)]
    public bool TryDecrypt() => _cipher.TryDecrypt(_encrypted, _output, _aad);

    [Benchmark(Description = "bare AesGcm.Encrypt (4068 B, cached instance)")]
    [PageBytes(PageSize)]
    public void AesGcmEncrypt() => _aesGcm.Encrypt(_nonce, _plain.AsSpan(0, PageCipher.UsableSize), _output.AsSpan(0, PageCipher.UsableSize), _tag, _aad);

    [Benchmark(Description = "bare AesGcm.Encrypt (4096 B, as openssl speed)")]
    [PageBytes(PageSize)]
    public void AesGcmEncryptWhole() => _aesGcm.Encrypt(_nonce, _plain, _output, _tag, _aad);

    [Benchmark(Description = "WAL frame checksum mask (one AES block, once per frame header written or read)")]
    public void MaskWalChecksum() => _masker.Apply(_frameHeader.AsSpan(16), 4128, _frameHeader.AsSpan(8, 8));

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ThroughputColumn());
    }
}
