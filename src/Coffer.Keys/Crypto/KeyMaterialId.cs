using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Coffer.Keys.Crypto;

/// <summary>
/// Identifies one generation of a KMS key's material: 16 random bytes, stored in every ciphertext blob so that Decrypt
/// picks the right material after rotation.
/// </summary>
/// <remarks>
/// Real AWS renders <c>KeyMaterialId</c> (and <c>CurrentKeyMaterialId</c>) as 64 hex characters. Ours are 16 bytes,
/// so <see cref="ToString"/> renders them as <b>32</b> lowercase hex characters; clients treat the value as opaque.
/// If exact length parity is ever needed, the wire layer can render a 64-character digest of these bytes instead.
/// </remarks>
public readonly record struct KeyMaterialId
{
    /// <summary>The size of the id in bytes.</summary>
    public const int Size = 16;

    private readonly UInt128 _value;

    private KeyMaterialId(UInt128 value) => _value = value;

    /// <summary>A fresh random id.</summary>
    public static KeyMaterialId CreateRandom()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    /// <summary>The id whose bytes are exactly <paramref name="bytes"/> (16 of them).</summary>
    public static KeyMaterialId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A key material id is exactly {Size} bytes.", nameof(bytes));
        }

        return new KeyMaterialId(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Parses the 32 lowercase hex characters that <see cref="ToString"/> writes.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out KeyMaterialId id)
    {
        id = default;
        if (text is not { Length: Size * 2 } || !text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            return false;
        }

        id = FromBytes(Convert.FromHexString(text));
        return true;
    }

    /// <summary>Writes the 16 bytes to the start of <paramref name="destination"/>.</summary>
    public void WriteBytes(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, _value);

    /// <summary>The 16 bytes as a new array.</summary>
    public byte[] ToByteArray()
    {
        var bytes = new byte[Size];
        WriteBytes(bytes);
        return bytes;
    }

    /// <summary>32 lowercase hex characters.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
