using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace Coffer.Storage.Archives;

/// <summary>
/// Reads and verifies an archive as a stream: the header first (to unwrap its key), then each record in order.
/// Content is handed out chunk by chunk; only when the manifest at the end has matched the records, the byte count
/// and the content hash is the archive known to be whole — callers must not publish what they built from it before.
/// </summary>
public sealed class ArchiveReader : IDisposable
{
    private readonly Stream _input;
    private readonly byte[] _headerHash;
    private RecordSealer? _sealer;

    private ArchiveReader(Stream input, ArchiveHeader header, byte[] headerHash)
    {
        _input = input;
        Header = header;
        _headerHash = headerHash;
    }

    /// <summary>The archive's header (authenticated only once records are read).</summary>
    public ArchiveHeader Header { get; }

    /// <summary>The verified manifest, once <see cref="ReadContentAsync"/> has been read to the end.</summary>
    public ArchiveManifest? Manifest { get; private set; }

    /// <summary>Reads the header of the archive on <paramref name="input"/>.</summary>
    /// <exception cref="ArchiveCorruptException">It is not a Coffer archive of a version this build reads.</exception>
    public static async Task<ArchiveReader> OpenAsync(Stream input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fixedPart = new byte[14];
        await ReadExactlyAsync(input, fixedPart, "the archive header", cancellationToken);
        if (!fixedPart.AsSpan(0, 8).SequenceEqual(ArchiveFormat.Magic))
        {
            throw new ArchiveCorruptException("This is not a Coffer archive (bad magic).");
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(fixedPart.AsSpan(8));
        if (version != ArchiveFormat.Version)
        {
            throw new ArchiveCorruptException($"The archive has format version {version}; this build reads version {ArchiveFormat.Version}.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(fixedPart.AsSpan(10));
        if (length is <= 0 or > ArchiveFormat.MaxHeaderSize)
        {
            throw new ArchiveCorruptException($"The archive header length {length} is out of range.");
        }

        var prefix = new byte[14 + length];
        fixedPart.CopyTo(prefix, 0);
        await ReadExactlyAsync(input, prefix.AsMemory(14), "the archive header", cancellationToken);
        ArchiveHeader header;
        try
        {
            header = JsonSerializer.Deserialize(prefix.AsSpan(14), ArchiveJsonContext.Default.ArchiveHeader)
                ?? throw new ArchiveCorruptException("The archive header is empty.");
            _ = Convert.FromHexString(header.ArchiveId);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw new ArchiveCorruptException("The archive header is not valid.");
        }

        if (header.Cipher is not (ArchiveFormat.Cipher or ArchiveFormat.NoCipher) || header.ChunkSize is < 4096 or > ArchiveFormat.MaxChunkSize || header.ArchiveId.Length != 32)
        {
            throw new ArchiveCorruptException("The archive header names an unsupported cipher, chunk size or id.");
        }

        var reader = new ArchiveReader(input, header, SHA256.HashData(prefix));
        if (header.Cipher == ArchiveFormat.NoCipher)
        {
            reader._sealer = RecordSealer.Create(header.Cipher, [], header.ArchiveId);
        }

        return reader;
    }

    /// <summary>Whether the archive is encrypted (and so needs <see cref="Unlock"/>).</summary>
    public bool IsEncrypted => Header.Cipher == ArchiveFormat.Cipher;

    /// <summary>Supplies an encrypted archive's (unwrapped) data key.</summary>
    public void Unlock(ReadOnlySpan<byte> dataKey)
    {
        if (!IsEncrypted)
        {
            throw new InvalidOperationException($"Archive {Header.ArchiveId} is not encrypted; it needs no key.");
        }

        _sealer?.Dispose();
        _sealer = RecordSealer.Create(Header.Cipher, dataKey, Header.ArchiveId);
    }

    /// <summary>
    /// The archive's content, one chunk at a time (each memory is valid until the next is requested). Ends after the
    /// manifest has been verified; throws <see cref="ArchiveCorruptException"/> on any failure.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadContentAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_sealer is null)
        {
            throw new InvalidOperationException("Unlock the archive with its data key first.");
        }

        var record = new byte[Header.ChunkSize + ArchiveFormat.TagSize];
        var plain = new byte[Header.ChunkSize];
        var prefix = new byte[ArchiveFormat.RecordPrefixSize];
        using var content = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long index = 0, total = 0;
        while (true)
        {
            await ReadExactlyAsync(_input, prefix, "a record (the archive is truncated: its manifest is missing)", cancellationToken);
            var type = prefix[0];
            var length = BinaryPrimitives.ReadInt32BigEndian(prefix.AsSpan(1));
            var limit = type == ArchiveFormat.ManifestRecord ? ArchiveFormat.MaxManifestSize : Header.ChunkSize;
            if (type is not (ArchiveFormat.DataRecord or ArchiveFormat.ManifestRecord) || length < 0 || length > limit)
            {
                throw new ArchiveCorruptException($"Record {index} of archive {Header.ArchiveId} has an invalid type or length.");
            }

            var buffer = length + ArchiveFormat.TagSize <= record.Length ? record : new byte[length + ArchiveFormat.TagSize];
            var output = length <= plain.Length ? plain : new byte[length];
            await ReadExactlyAsync(_input, buffer.AsMemory(0, length + ArchiveFormat.TagSize), $"record {index}", cancellationToken);
            Open(type, index, buffer.AsSpan(0, length), buffer.AsSpan(length, ArchiveFormat.TagSize), output.AsSpan(0, length));
            index++;
            if (type == ArchiveFormat.ManifestRecord)
            {
                Manifest = VerifyManifest(output.AsSpan(0, length), index - 1, total, content.GetHashAndReset());
                if (await _input.ReadAsync(new byte[1], cancellationToken) != 0)
                {
                    throw new ArchiveCorruptException($"Archive {Header.ArchiveId} has data after its manifest.");
                }

                yield break;
            }

            content.AppendData(output, 0, length);
            total += length;
            yield return output.AsMemory(0, length);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _sealer?.Dispose();

    private void Open(byte type, long index, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        Span<byte> nonce = stackalloc byte[12];
        Span<byte> aad = stackalloc byte[41];
        ArchiveFormat.Nonce(index, nonce);
        ArchiveFormat.AssociatedData(_headerHash, index, type, aad);
        if (!_sealer!.TryOpen(nonce, ciphertext, tag, plaintext, aad))
        {
            throw new ArchiveCorruptException(index == 0
                ? $"Archive {Header.ArchiveId} cannot be decrypted with this key, or was altered."
                : $"Record {index} of archive {Header.ArchiveId} failed authentication: the archive was altered, reordered or spliced.");
        }
    }

    private ArchiveManifest VerifyManifest(ReadOnlySpan<byte> json, long chunkCount, long total, byte[] hash)
    {
        ArchiveManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, ArchiveJsonContext.Default.ArchiveManifest);
        }
        catch (JsonException)
        {
            manifest = null;
        }

        if (manifest is null || manifest.ArchiveId != Header.ArchiveId || manifest.ChunkCount != chunkCount || manifest.TotalSize != total ||
            !string.Equals(manifest.ContentSha256, Convert.ToHexStringLower(hash), StringComparison.Ordinal))
        {
            throw new ArchiveCorruptException($"The manifest of archive {Header.ArchiveId} does not match its content.");
        }

        return manifest;
    }

    private static async Task ReadExactlyAsync(Stream input, Memory<byte> buffer, string what, CancellationToken cancellationToken)
    {
        try
        {
            await input.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            throw new ArchiveCorruptException($"The archive ends inside {what}.");
        }
    }
}
