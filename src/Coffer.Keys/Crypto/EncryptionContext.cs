using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Unicode;

namespace Coffer.Keys.Crypto;

/// <summary>
/// An immutable KMS encryption context: a map of string keys to string values, compared ordinally (case-sensitive),
/// together with its canonical byte encoding, which ciphertext blobs bind as associated data.
/// </summary>
/// <remarks>
/// <para>The canonical encoding is the AWS Encryption SDK's "key value pairs" serialization: an empty context is zero
/// bytes; otherwise a UInt16 big-endian pair count, then the pairs sorted by the UTF-8 bytes of their keys (which is
/// Unicode code point order, not UTF-16 ordinal order), each written as
/// <c>UInt16 BE length ‖ UTF-8 key ‖ UInt16 BE length ‖ UTF-8 value</c>. The lengths make the encoding injective:
/// <c>{"ab":"c"}</c> and <c>{"a":"bc"}</c> encode differently.</para>
/// <para>Two contexts are equal exactly when their canonical encodings are equal. <see cref="Pairs"/> follows canonical order.</para>
/// </remarks>
public sealed class EncryptionContext : IEquatable<EncryptionContext>
{
    /// <summary>The most pairs a context may hold (the count is a UInt16).</summary>
    public const int MaxPairs = ushort.MaxValue;

    /// <summary>The most UTF-8 bytes a key or a value may take (its length is a UInt16).</summary>
    public const int MaxFieldBytes = ushort.MaxValue;

    private readonly Dictionary<string, string> _map;
    private readonly KeyValuePair<string, string>[] _ordered;
    private readonly byte[] _canonical;

    private EncryptionContext(Dictionary<string, string> map, KeyValuePair<string, string>[] ordered, byte[] canonical)
    {
        _map = map;
        _ordered = ordered;
        _canonical = canonical;
    }

    /// <summary>The empty context, which encodes to zero bytes.</summary>
    public static EncryptionContext Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), [], []);

    /// <summary>The canonical encoding (see the type's remarks).</summary>
    public ReadOnlySpan<byte> CanonicalBytes => _canonical;

    /// <summary>The number of pairs.</summary>
    public int Count => _ordered.Length;

    /// <summary>The pairs in canonical order (by the UTF-8 bytes of their keys).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _ordered;

    /// <summary>Creates a context from <paramref name="pairs"/> (<see langword="null"/> means empty).</summary>
    /// <exception cref="InvalidEncryptionContextException">The pairs break a rule of the canonical encoding.</exception>
    public static EncryptionContext Create(IEnumerable<KeyValuePair<string, string>>? pairs) =>
        TryCreate(pairs, out var context, out var error) ? context : throw new InvalidEncryptionContextException(error);

    /// <summary>
    /// Creates a context from <paramref name="pairs"/> (<see langword="null"/> means empty), or explains in
    /// <paramref name="error"/> which rule they break: more than <see cref="MaxPairs"/> pairs, a key or value over
    /// <see cref="MaxFieldBytes"/> UTF-8 bytes, a null key or value, a duplicate key, or an unpaired surrogate
    /// (which UTF-8 cannot encode without ambiguity). The error never quotes the values.
    /// </summary>
    public static bool TryCreate(
        IEnumerable<KeyValuePair<string, string>>? pairs,
        [NotNullWhen(true)] out EncryptionContext? context,
        [NotNullWhen(false)] out string? error)
    {
        context = null;
        var entries = new List<(string Key, string Value, byte[] KeyBytes, byte[] ValueBytes)>();
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs ?? [])
        {
            var position = entries.Count + 1;
            if (entries.Count == MaxPairs)
            {
                error = $"An encryption context holds at most {MaxPairs} pairs.";
                return false;
            }

            if (key is null || value is null)
            {
                error = $"Pair {position} of the encryption context has a null key or value.";
                return false;
            }

            if (!map.TryAdd(key, value))
            {
                error = $"Pair {position} of the encryption context repeats a key.";
                return false;
            }

            if (!TryEncode(key, out var keyBytes) || !TryEncode(value, out var valueBytes))
            {
                error = $"Pair {position} of the encryption context is not valid Unicode or is longer than {MaxFieldBytes} UTF-8 bytes.";
                return false;
            }

            entries.Add((key, value, keyBytes, valueBytes));
        }

        if (entries.Count == 0)
        {
            context = Empty;
            error = null;
            return true;
        }

        entries.Sort(static (a, b) => a.KeyBytes.AsSpan().SequenceCompareTo(b.KeyBytes));
        long length = sizeof(ushort);
        foreach (var entry in entries)
        {
            length += (2 * sizeof(ushort)) + entry.KeyBytes.Length + entry.ValueBytes.Length;
        }

        if (length > Array.MaxLength)
        {
            error = "The encryption context is too large to encode.";
            return false;
        }

        context = new EncryptionContext(map, [.. entries.Select(e => KeyValuePair.Create(e.Key, e.Value))], Encode(entries, (int)length));
        error = null;
        return true;
    }

    /// <summary>The value of <paramref name="key"/> (ordinal, case-sensitive lookup).</summary>
    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _map.TryGetValue(key, out value);

    /// <summary>Equal when both hold the same pairs (ordinal, case-sensitive comparison of keys and values).</summary>
    public bool Equals(EncryptionContext? other) =>
        other is not null && _canonical.AsSpan().SequenceEqual(other._canonical);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as EncryptionContext);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_canonical);
        return hash.ToHashCode();
    }

    /// <summary>The number of pairs only; a context is not secret, but it may be large.</summary>
    public override string ToString() => $"EncryptionContext({Count} pairs)";

    private static bool TryEncode(string text, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        var count = Encoding.UTF8.GetByteCount(text);
        if (count > MaxFieldBytes)
        {
            return false;
        }

        var buffer = new byte[count];
        if (Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done || written != count)
        {
            return false;
        }

        bytes = buffer;
        return true;
    }

    private static byte[] Encode(List<(string Key, string Value, byte[] KeyBytes, byte[] ValueBytes)> entries, int length)
    {
        var canonical = new byte[length];
        var span = canonical.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, (ushort)entries.Count);
        span = span[sizeof(ushort)..];
        foreach (var entry in entries)
        {
            span = WriteField(span, entry.KeyBytes);
            span = WriteField(span, entry.ValueBytes);
        }

        return canonical;
    }

    private static Span<byte> WriteField(Span<byte> destination, byte[] field)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)field.Length);
        field.CopyTo(destination[sizeof(ushort)..]);
        return destination[(sizeof(ushort) + field.Length)..];
    }
}
