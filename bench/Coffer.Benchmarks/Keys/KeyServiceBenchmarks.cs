using BenchmarkDotNet.Attributes;
using Coffer.Keys;
using Coffer.Keys.Crypto;
using Coffer.Keys.Service;
using Coffer.Keys.Store;
using Coffer.Primitives;
using Coffer.Storage;
using Coffer.Storage.Metadata;

namespace Coffer.Benchmarks.Keys;

/// <summary>
/// The key service's crypto operations in-process, as the KMS endpoint calls them after authentication: resolve the
/// key, authorise through the default key policy, check the state, seal or open. Over a real metadata store in a
/// temporary directory; the key's material is unwrapped by the setup, so every measured call finds it cached.
/// One encryption-context pair, as Aurora sends. GenerateDataKey's size is NumberOfBytes, at most 1024, so its large
/// case is 1024 bytes.
/// </summary>
[MemoryDiagnoser]
public class KeyServiceBenchmarks
{
    private static readonly KmsCaller Caller = new(AccountId.Parse("111122223333"), "arn:aws:iam::111122223333:user/admin", "us-east-1", "AKIAEXAMPLE000000001");

    private string _root = null!;
    private RootKey _rootKey = null!;
    private SqliteMetadataStore _metadata = null!;
    private KeyService _keys = null!;
    private string _keyId = null!;
    private byte[] _plaintext = null!;
    private byte[] _ciphertext = null!;
    private EncryptionContext _context = null!;

    [Params(32, 4096)]
    public int Bytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "coffer-bench-keys-" + Guid.NewGuid().ToString("N")[..8]);
        _rootKey = RootKey.CreateRandom();
        _metadata = SqliteMetadataStore.OpenAsync(_root, _rootKey, KeyMigrations.All, TimeProvider.System, default).GetAwaiter().GetResult();
        _keys = new KeyService(KeyStore.LoadAsync(_metadata, default).GetAwaiter().GetResult(), _rootKey, TimeProvider.System);
        var key = _keys.CreateKeyAsync(Caller, null, "bench", false, new Dictionary<string, string>(), default).GetAwaiter().GetResult();
        _keyId = key.Id.ToString();
        _context = EncryptionContext.Create([new("aws:rds:db-id", "cluster-1")]);
        _plaintext = new byte[Bytes];
        _ciphertext = Encrypt();
        using var opened = Decrypt();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _keys.Dispose();
        _keys.Store.Dispose();
        _metadata.Dispose();
        SqliteMetadataStore.ReleaseConnections();
        _rootKey.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark]
    public byte[] Encrypt() =>
        _keys.EncryptAsync(Caller, _keyId, _plaintext, _context, null, false, default).GetAwaiter().GetResult().CiphertextBlob;

    [Benchmark]
    public DecryptResult Decrypt()
    {
        var result = _keys.DecryptAsync(Caller, _ciphertext, _context, null, null, false, default).GetAwaiter().GetResult();
        result.Dispose();
        return result;
    }

    [Benchmark(Description = "GenerateDataKey (NumberOfBytes = min(Bytes, 1024))")]
    public DataKeyResult GenerateDataKey()
    {
        var result = _keys.GenerateDataKeyAsync(Caller, _keyId, Math.Min(Bytes, 1024), null, _context, null, true, false, default).GetAwaiter().GetResult();
        result.Dispose();
        return result;
    }
}
