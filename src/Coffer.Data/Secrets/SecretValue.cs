using System.Security.Cryptography;
using System.Text;

namespace Coffer.Data.Secrets;

/// <summary>
/// A secret's value in memory: a SecretString (as UTF-8) or a SecretBinary. The bytes are zeroed on dispose; the
/// value is never logged (<see cref="ToString"/> says only its kind and size).
/// </summary>
public sealed class SecretValue : IDisposable
{
    private readonly byte[] _bytes;

    private SecretValue(byte[] bytes, bool isBinary)
    {
        _bytes = bytes;
        IsBinary = isBinary;
    }

    /// <summary>Whether the value is a SecretBinary.</summary>
    public bool IsBinary { get; }

    /// <summary>The bytes (UTF-8 for a string).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A SecretString value.</summary>
    public static SecretValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new SecretValue(Encoding.UTF8.GetBytes(value), isBinary: false);
    }

    /// <summary>A SecretBinary value (copied).</summary>
    public static SecretValue FromBinary(ReadOnlySpan<byte> value) => new(value.ToArray(), isBinary: true);

    /// <summary>Takes ownership of <paramref name="bytes"/>.</summary>
    internal static SecretValue Own(byte[] bytes, bool isBinary) => new(bytes, isBinary);

    /// <summary>The SecretString (only for a string value).</summary>
    public string AsString() => IsBinary ? throw new InvalidOperationException("The value is binary.") : Encoding.UTF8.GetString(_bytes);

    /// <summary>Whether two values are the same kind and bytes (compared in constant time).</summary>
    public bool SameAs(SecretValue other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return IsBinary == other.IsBinary && CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);
    }

    /// <inheritdoc />
    public override string ToString() => $"SecretValue({(IsBinary ? "binary" : "string")}, {_bytes.Length} bytes)";

    /// <inheritdoc />
    public void Dispose() => CryptographicOperations.ZeroMemory(_bytes);
}
