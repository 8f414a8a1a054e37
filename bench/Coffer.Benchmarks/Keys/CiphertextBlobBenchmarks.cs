using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Coffer.Keys.Crypto;

namespace Coffer.Benchmarks.Keys;

/// <summary>
/// The ciphertext blob alone: reading its clear header (what Decrypt does first, to find the key), sealing (HKDF of
/// the per-message key, AES-256-GCM) and opening into a caller's buffer, with one encryption-context pair.
/// </summary>
[MemoryDiagnoser]
public class CiphertextBlobBenchmarks
{
    private readonly byte[] _material = RandomNumberGenerator.GetBytes(CiphertextBlob.MaterialLength);
    private readonly Guid _keyId = Guid.NewGuid();
    private readonly KeyMaterialId _materialId = KeyMaterialId.CreateRandom();
    private readonly EncryptionContext _context = EncryptionContext.Create([new("aws:rds:db-id", "cluster-1")]);
    private byte[] _plaintext = null!;
    private byte[] _blob = null!;
    private byte[] _destination = null!;

    [Params(32, 4096)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = RandomNumberGenerator.GetBytes(Bytes);
        _blob = Seal();
        _destination = new byte[Bytes];
        if (!TryParseHeader() || TryOpen() != Bytes)
        {
            throw new InvalidOperationException("The benchmark blob does not open.");
        }
    }

    [Benchmark]
    public bool TryParseHeader() => CiphertextBlob.TryParseHeader(_blob, out _);

    [Benchmark]
    public byte[] Seal() => CiphertextBlob.Seal(_keyId, _materialId, _material, _plaintext, _context);

    [Benchmark(Description = "TryOpen (into a caller's buffer)")]
    public int TryOpen() => CiphertextBlob.TryOpen(_blob, _material, _context, _destination, out var written) ? written : -1;
}
