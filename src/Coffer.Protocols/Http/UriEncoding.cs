using System.Buffers;
using System.Text;

namespace Coffer.Protocols.Http;

/// <summary>RFC 3986 percent-encoding as SigV4 and the AWS Query protocol use it.</summary>
public static class UriEncoding
{
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Appends <paramref name="value"/> percent-encoded: every byte of its UTF-8 form except the unreserved
    /// characters (and '/' when <paramref name="keepSlash"/>) becomes <c>%XX</c> with upper-case hex.
    /// </summary>
    public static void AppendEncoded(StringBuilder builder, ReadOnlySpan<char> value, bool keepSlash = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (Unreserved.Contains(c) || (keepSlash && c == '/'))
            {
                builder.Append(c);
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(value.Slice(i, 2), utf8);
                i++;
            }
            else
            {
                count = Encoding.UTF8.GetBytes(value.Slice(i, 1), utf8);
            }

            for (var b = 0; b < count; b++)
            {
                builder.Append('%').Append(ToHex(utf8[b] >> 4)).Append(ToHex(utf8[b] & 0xF));
            }
        }
    }

    /// <summary>Percent-encodes a whole string (see <see cref="AppendEncoded"/>).</summary>
    public static string Encode(string value, bool keepSlash = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.AsSpan().ContainsAnyExcept(Unreserved))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        AppendEncoded(builder, value, keepSlash);
        return builder.ToString();
    }

    /// <summary>
    /// Decodes a form-encoded component: <c>%XX</c> escapes (as UTF-8) and, when <paramref name="plusIsSpace"/>,
    /// '+' as a space. Fails on a truncated or non-hex escape or on invalid UTF-8.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> encoded, bool plusIsSpace, out string decoded)
    {
        if (!encoded.ContainsAny('%', '+'))
        {
            decoded = encoded.ToString();
            return true;
        }

        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(encoded.Length)];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length)
                {
                    decoded = string.Empty;
                    return false;
                }

                var high = FromHex(encoded[i + 1]);
                var low = FromHex(encoded[i + 2]);
                if (high < 0 || low < 0)
                {
                    decoded = string.Empty;
                    return false;
                }

                bytes[length++] = (byte)((high << 4) | low);
                i += 2;
            }
            else if (c == '+' && plusIsSpace)
            {
                bytes[length++] = (byte)' ';
            }
            else
            {
                length += Encoding.UTF8.GetBytes(encoded.Slice(i, char.IsHighSurrogate(c) && i + 1 < encoded.Length ? 2 : 1), bytes.AsSpan(length));
                if (char.IsHighSurrogate(c) && i + 1 < encoded.Length)
                {
                    i++;
                }
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            decoded = string.Empty;
            return false;
        }
    }

    private static char ToHex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static int FromHex(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
