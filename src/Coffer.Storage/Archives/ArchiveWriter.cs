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
    private readonly AesGcm _cipher;
    private readonly byte[] _headerHash;
    private readonly byte[] _plain;
    private readonly byte[] _sealed;
    private readonly IncrementalHash _content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _buffered;
    private long _index;
    private long _total;
    private bool _completed;

    private ArchiveWriter(Stream output, ArchiveHeader header, byte[] recordKey, byte[] headerHash)
    {
        _output = output;
        Header = header;
        _cipher = new AesGcm(recordKey, ArchiveFormat.TagSize);
        _headerHash = headerHash;
        _plain = new byte[header.ChunkSize];
        _sealed = new byte[ArchiveFormat.RecordPrefixSize + header.ChunkSize + ArchiveFormat.TagSize];
    }

    /// <summary>The archive's header, as written.</summary>
    public ArchiveHeader Header { get; }

    /// <summary>Starts an archive on <paramref name="output"/>, under a fresh archive data key.</summary>
    public static async Task<ArchiveWriter> CreateAsync(
        Stream output, VolumeKeyMaterial key, string kind, string? sourceVolumeId, TimeProvider time, CancellationToken cancellationToken, int chunkSize = ArchiveFormat.DefaultChunkSize)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 4096);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, ArchiveFormat.MaxChunkSize);
        var header = new ArchiveHeader
        {
            ArchiveId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            Kind = kind,
            Cipher = ArchiveFormat.Cipher,
            ChunkSize = chunkSize,
            SourceVolumeId = sourceVolumeId,
            KeyArn = key.KeyArn,
            EncryptionContext = new Dictionary<string, string>(key.EncryptionContext, StringComparer.Ordinal),
            WrappedKey = Convert.ToBase64String(key.WrappedKey),
            CreatedAt = time.GetUtcNow(),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, ArchiveJsonContext.Default.ArchiveHeader);
        var prefix = new byte[ArchiveFormat.Magic.Length + 6 + json.Length];
        ArchiveFormat.Magic.CopyTo(prefix);
        BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(8), ArchiveFormat.Version);
        BinaryPrimitives.WriteInt32BigEndian(prefix.AsSpan(10), json.Length);
        json.CopyTo(prefix, 14);
        await output.WriteAsync(prefix, cancellationToken);
        var recordKey = ArchiveFormat.DeriveRecordKey(key.DataKey, header.ArchiveId);
        try
        {
            return new ArchiveWriter(output, header, recordKey, SHA256.HashData(prefix));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(recordKey);
        }
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
        _cipher.Dispose();
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
        _cipher.Encrypt(nonce, plaintext, body, record.AsSpan(ArchiveFormat.RecordPrefixSize + plaintext.Length, ArchiveFormat.TagSize), aad);
    }
}
