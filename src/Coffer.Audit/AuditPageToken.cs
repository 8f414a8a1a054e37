using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coffer.Audit;

/// <summary>
/// The opaque NextToken: base64 of a version byte, a fingerprint of the query's parameters and the position (event
/// time, sequence) of the last event returned. A token that does not parse, or whose fingerprint is not the query's,
/// is refused. The token grants nothing: every page is still scoped to the caller's account and region.
/// </summary>
internal static class AuditPageToken
{
    private const byte Version = 1;
    private const int FingerprintLength = 8;
    private const int Length = 1 + FingerprintLength + 8 + 8;

    public static string Encode(AuditQuery query, long eventTime, long seq)
    {
        Span<byte> bytes = stackalloc byte[Length];
        bytes[0] = Version;
        Fingerprint(query, bytes.Slice(1, FingerprintLength));
        BinaryPrimitives.WriteInt64BigEndian(bytes[(1 + FingerprintLength)..], eventTime);
        BinaryPrimitives.WriteInt64BigEndian(bytes[(1 + FingerprintLength + 8)..], seq);
        return Convert.ToBase64String(bytes);
    }

    public static bool TryDecode(AuditQuery query, string token, out long eventTime, out long seq)
    {
        eventTime = seq = 0;
        Span<byte> bytes = stackalloc byte[Length];
        if (token.Length != (Length + 2) / 3 * 4 || !Convert.TryFromBase64String(token, bytes, out var written) || written != Length || bytes[0] != Version)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[FingerprintLength];
        Fingerprint(query, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.Slice(1, FingerprintLength)))
        {
            return false;
        }

        eventTime = BinaryPrimitives.ReadInt64BigEndian(bytes[(1 + FingerprintLength)..]);
        seq = BinaryPrimitives.ReadInt64BigEndian(bytes[(1 + FingerprintLength + 8)..]);
        return true;
    }

    /// <summary>The parameters a token is bound to: scope, attribute and time range as given (page size may change).</summary>
    private static void Fingerprint(AuditQuery query, Span<byte> destination)
    {
        var text = new StringBuilder();
        foreach (var part in new[]
        {
            query.Account.Value,
            query.Region,
            query.Attribute?.Key.ToString() ?? "-",
            query.Attribute?.Value ?? "-",
            query.StartTime?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "-",
            query.EndTime?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "-",
        })
        {
            // Length-prefixed, so that no two parameter sets share an encoding.
            text.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part);
        }

        SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))[..destination.Length].CopyTo(destination);
    }
}
