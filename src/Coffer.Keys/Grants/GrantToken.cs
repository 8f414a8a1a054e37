using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Keys.Grants;

/// <summary>
/// Grant tokens: opaque, URL-safe base64 strings that name a grant and prove they were issued for it.
/// </summary>
/// <remarks>
/// <para>Layout (before base64url, no padding):
/// <c>version 0x01 ‖ u8 id length ‖ grant id (UTF-8) ‖ 16-byte random nonce ‖ 16-byte tag</c>, where
/// <c>tag = HMAC-SHA256(grant secret, "coffer-grant-token-v1" ‖ version ‖ id length ‖ id ‖ nonce)[0..16]</c>.</para>
/// <para>Each grant stores its own 32-byte random secret (<see cref="CreateSecret"/>), kept with the grant record and
/// never returned to clients. The nonce makes every CreateGrant call return a different token for the same grant;
/// all of them verify. Without the secret nobody can mint a token for a grant id, existing or not, and changing any
/// byte of a token breaks the tag. The server reads the id with <see cref="TryReadGrantId"/>, looks the grant up, then
/// calls <see cref="Verify"/> with that grant's secret; an unknown id or a failed check is InvalidGrantTokenException.</para>
/// </remarks>
public static class GrantToken
{
    /// <summary>Size of the per-grant secret.</summary>
    public const int SecretSize = 32;

    private const byte Version = 0x01;
    private const int NonceSize = 16;
    private const int TagSize = 16;
    private const int MaxGrantIdBytes = 128;
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("coffer-grant-token-v1");

    /// <summary>A fresh random secret for a new grant.</summary>
    public static byte[] CreateSecret() => RandomNumberGenerator.GetBytes(SecretSize);

    /// <summary>Issues a new token for <paramref name="grantId"/>; two calls never return the same token.</summary>
    public static string Issue(string grantId, ReadOnlySpan<byte> grantSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        ArgumentOutOfRangeException.ThrowIfNotEqual(grantSecret.Length, SecretSize, nameof(grantSecret));
        var idBytes = Encoding.UTF8.GetBytes(grantId);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(idBytes.Length, MaxGrantIdBytes, nameof(grantId));

        var token = new byte[2 + idBytes.Length + NonceSize + TagSize];
        token[0] = Version;
        token[1] = (byte)idBytes.Length;
        idBytes.CopyTo(token, 2);
        RandomNumberGenerator.Fill(token.AsSpan(2 + idBytes.Length, NonceSize));
        ComputeTag(grantSecret, token.AsSpan(0, token.Length - TagSize), token.AsSpan(token.Length - TagSize));
        return Base64Url.EncodeToString(token);
    }

    /// <summary>Reads the grant id a well-formed token names, without checking it (the caller then looks the grant up).</summary>
    public static bool TryReadGrantId([NotNullWhen(true)] string? token, [NotNullWhen(true)] out string? grantId)
    {
        grantId = null;
        if (!TryDecode(token, out var bytes))
        {
            return false;
        }

        grantId = Encoding.UTF8.GetString(bytes, 2, bytes[1]);
        return true;
    }

    /// <summary>Whether <paramref name="token"/> was issued for <paramref name="grantId"/> with <paramref name="grantSecret"/>.</summary>
    public static bool Verify(string? token, string grantId, ReadOnlySpan<byte> grantSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(grantId);
        if (grantSecret.Length != SecretSize || !TryDecode(token, out var bytes))
        {
            return false;
        }

        var idBytes = Encoding.UTF8.GetBytes(grantId);
        if (!bytes.AsSpan(2, bytes[1]).SequenceEqual(idBytes))
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(grantSecret, bytes.AsSpan(0, bytes.Length - TagSize), expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(bytes.Length - TagSize));
    }

    private static bool TryDecode(string? token, [NotNullWhen(true)] out byte[]? bytes)
    {
        bytes = null;
        // TryDecodeFromChars only reports a short destination; malformed input throws, so check it first.
        if (string.IsNullOrEmpty(token) || token.Length > CreateGrantValidator.MaxGrantTokenLength || !Base64Url.IsValid(token))
        {
            return false;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (!Base64Url.TryDecodeFromChars(token, buffer, out var written) || written < 2 + 1 + NonceSize + TagSize)
        {
            return false;
        }

        if (buffer[0] != Version || buffer[1] == 0 || written != 2 + buffer[1] + NonceSize + TagSize)
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    private static void ComputeTag(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, Span<byte> tag)
    {
        var input = new byte[Label.Length + body.Length];
        Label.CopyTo(input, 0);
        body.CopyTo(input.AsSpan(Label.Length));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(secret, input, mac);
        mac[..TagSize].CopyTo(tag);
    }
}
