using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Coffer.Storage.Volumes;

namespace Coffer.Storage.Archives;

/// <summary>
/// Writes an archive as a stream: bytes are cut into records of <see cref="ArchiveHeader.ChunkSize"/>, each encrypted
/// and written as soon as it is full, so memory stays at one chunk whatever the archive's size.
/// </summary>
public sealed class ArchiveWriter : IAsyncDisposable
{
    private readonly Stream _output;
    private readonly RecordSealer _sealer;
    private readonly byte[] _headerHash;
    private readonly byte[] _plain;
    private readonly byte[] _sealed;
    private readonly IncrementalHash _content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _buffered;
    private long _index;
    private long _total;
    private bool _completed;

    private ArchiveWriter(Stream output, ArchiveHeader header, RecordSealer sealer, byte[] headerHash)
    {
        _output = output;
        Header = header;
        _sealer = sealer;
        _headerHash = headerHash;
        _plain = new byte[header.ChunkSize];
        _sealed = new byte[ArchiveFormat.RecordPrefixSize + header.ChunkSize + ArchiveFormat.TagSize];
    }

    /// <summary>The archive's header, as written.</summary>
    public ArchiveHeader Header { get; }

    /// <summary>The change log range the content covers, recorded in the manifest (see <see cref="ArchiveManifest.LogLsn"/>).</summary>
    internal (long? FirstLsn, long LastLsn, DateTimeOffset CommitTime)? LogRange { get; set; }

    /// <summary>
    /// Starts an archive on <paramref name="output"/>, encrypted under a fresh archive data key, or unencrypted (records
    /// carry a digest instead of a tag) when <paramref name="key"/> is <see langword="null"/>.
    /// </summary>
    public static async Task<ArchiveWriter> CreateAsync(
        Stream output, VolumeKeyMaterial? key, string kind, string? sourceVolumeId, TimeProvider time, CancellationToken cancellationToken, int chunkSize = ArchiveFormat.DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, ArchiveFormat.MaxChunkSize);
        var header = new ArchiveHeader
        {
            ArchiveId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Kind = kind,
            Cipher = key is null ? ArchiveFormat.NoCipher : ArchiveFormat.Cipher,
            ChunkSize = chunkSize,
            SourceVolumeId = sourceVolumeId,
            KeyArn = key?.KeyArn,
            EncryptionContext = key is null ? new Dictionary<string, string>() : new Dictionary<string, string>(key.EncryptionContext, StringComparer.Ordinal),
            WrappedKey = key is null ? string.Empty : Convert.ToBase64String(key.WrappedKey),
            CreatedAt = time.GetUtcNow(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, ArchiveJsonContext.Default.ArchiveHeader);
        var prefix = new byte[ArchiveFormat.Magic.Length + 6 + json.Length];
        ArchiveFormat.Magic.CopyTo(prefix);
        BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(8), ArchiveFormat.Version);
        BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(10), json.Length);
        json.CopyTo(prefix, 14);
        await output.WriteAsync(prefix, cancellationToken);
        return new ArchiveWriter(output, header, RecordSealer.Create(header.Cipher, key?.DataKey, header.ArchiveId), SHA256.HashData(prefix));
    }

    /// <summary>Appends bytes to the archive's content.</summary>
    public async Task WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _plain.Length - _buffered);
            data.Span[..take].CopyTo(_plain.AsSpan(_buffered));
            _buffered += take;
            data = data[take..];
            if (_buffered == _plain.Length)
            {
                await FlushChunkAsync(cancellationToken);
            }
        }
    }

    /// <summary>Writes the last partial chunk and the manifest; the archive is then complete.</summary>
    public async Task<ArchiveManifest> CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_buffered > 0)
        {
            await FlushChunkAsync(cancellationToken);
        }

        var manifest = new ArchiveManifest
        {
            ArchiveId = Header.ArchiveId,
            ChunkCount = _index,
            TotalSize = _total,
            ContentSha256 = Convert.ToHexStringLower(_content.GetHashAndReset()),
            SourceVolumeId = Header.SourceVolumeId,
            LogFirstLsn = LogRange?.FirstLsn,
            LogLsn = LogRange?.LastLsn,
            LogCommitTime = LogRange?.CommitTime,
            CreatedAt = Header.CreatedAt,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest, ArchiveJsonContext.Default.ArchiveManifest);
        await WriteRecordAsync(ArchiveFormat.ManifestRecord, json, cancellationToken);
        await _output.FlushAsync(cancellationToken);
        _completed = true;
        return manifest;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _sealer.Dispose();
        _content.Dispose();
        CryptographicOperations.ZeroMemory(_plain);
        _completed = true;
        return ValueTask.CompletedTask;
    }

    private async Task FlushChunkAsync(CancellationToken cancellationToken)
    {
        _content.AppendData(_plain, 0, _buffered);
        _total += _buffered;
        await WriteRecordAsync(ArchiveFormat.DataRecord, _plain.AsMemory(0, _buffered), cancellationToken);
        _buffered = 0;
    }

    private async Task WriteRecordAsync(byte type, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        var length = plaintext.Length;
        var record = _sealed.Length >= ArchiveFormat.RecordPrefixSize + length + ArchiveFormat.TagSize
            ? _sealed
            : new byte[ArchiveFormat.RecordPrefixSize + length + ArchiveFormat.TagSize];
        Seal(type, plaintext.Span, record);
        await _output.WriteAsync(record.AsMemory(0, ArchiveFormat.RecordPrefixSize + length + ArchiveFormat.TagSize), cancellationToken);
        _index++;
    }

    private void Seal(byte type, ReadOnlySpan<byte> plaintext, byte[] record)
    {
        record[0] = type;
        BinaryPrimitives.WriteInt32BigEndian(record.AsSpan(1), plaintext.Length);
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[41];
        ArchiveFormat.Nonce(_index, nonce);
        ArchiveFormat.AssociatedData(_headerHash, _index, type, aad);
        var body = record.AsSpan(ArchiveFormat.RecordPrefixSize, plaintext.Length);
        _sealer.Seal(nonce, plaintext, body, record.AsSpan(ArchiveFormat.RecordPrefixSize + plaintext.Length, ArchiveFormat.TagSize), aad);
    }
}
