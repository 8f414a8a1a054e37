using System.Security.Cryptography;

namespace Coffer.Storage.ChangeLog;

/// <summary>
/// The MAC chain of a segment: one transaction's MAC covers the previous MAC, its frame records (fields and page tag,
/// or the whole page when unencrypted) and its commit record's fields. HMAC-SHA256 under the volume's change-log key
/// when it has one; plain SHA-256 otherwise (damage detection only, as for unencrypted archives).
/// </summary>
internal sealed class ChangeLogChain : IDisposable
{
    private readonly IncrementalHash _hash;
    private readonly bool _encrypted;
    private readonly byte[] _mac = new byte[ChangeLogFormat.MacSize];

    public ChangeLogChain(byte[]? key)
    {
        _encrypted = key is not null;
        _hash = key is null ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    }

    /// <summary>The MAC the chain continues from.</summary>
    public ReadOnlySpan<byte> Mac => _mac;

    /// <summary>Starts the chain at a header; returns its MAC.</summary>
    public ReadOnlySpan<byte> StartAt(ReadOnlySpan<byte> header)
    {
        _hash.AppendData(header);
        Seal();
        return _mac;
    }

    /// <summary>Continues from a MAC already verified (after a commit read back from a segment).</summary>
    public void ContinueFrom(ReadOnlySpan<byte> mac)
    {
        _hash.GetHashAndReset();
        mac.CopyTo(_mac);
        _hash.AppendData(_mac);
    }

    /// <summary>Adds a frame record.</summary>
    public void AddFrame(ReadOnlySpan<byte> fields, ReadOnlySpan<byte> page)
    {
        _hash.AppendData(fields);
        _hash.AppendData(_encrypted ? page[^16..] : page);
    }

    /// <summary>Adds a commit or end record's fields and returns the MAC that closes it; the chain continues from it.</summary>
    public ReadOnlySpan<byte> Close(ReadOnlySpan<byte> fields)
    {
        _hash.AppendData(fields);
        Seal();
        return _mac;
    }

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();

    private void Seal()
    {
        Span<byte> full = stackalloc byte[32];
        _hash.GetHashAndReset(full);
        full[..ChangeLogFormat.MacSize].CopyTo(_mac);
        _hash.AppendData(_mac);
    }
}
