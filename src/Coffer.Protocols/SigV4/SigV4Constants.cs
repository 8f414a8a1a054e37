namespace Coffer.Protocols.SigV4;

/// <summary>Constants of the AWS Signature Version 4 scheme.</summary>
public static class SigV4Constants
{
    /// <summary>The only algorithm Coffer accepts.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The last element of every credential scope.</summary>
    public const string Terminator = "aws4_request";

    /// <summary>The <c>X-Amz-Date</c> format.</summary>
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>The credential scope date format.</summary>
    public const string DateFormat = "yyyyMMdd";

    /// <summary>The hex SHA-256 of an empty body.</summary>
    public const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>How far a request's date may be from the server's clock: 15 minutes, as AWS.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>The longest <c>X-Amz-Expires</c> AWS accepts: 7 days.</summary>
    public const int MaxPresignedExpirySeconds = 604_800;
}
