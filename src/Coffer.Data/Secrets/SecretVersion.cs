namespace Coffer.Data.Secrets;

/// <summary>
/// One version of a secret's value, as stored: the value sealed with AES-256-GCM under a data key that KMS generated
/// under the secret's key, with encryption context <c>{"SecretARN": arn, "SecretVersionId": id}</c>; only the data
/// key's KMS ciphertext blob is kept.
/// </summary>
public sealed record SecretVersion
{
    /// <summary>The version id (the ClientRequestToken that created it, or a new UUID).</summary>
    public required string VersionId { get; init; }

    /// <summary>The staging labels attached (<c>AWSCURRENT</c>, <c>AWSPREVIOUS</c>, custom ones); none for a deprecated version.</summary>
    public IReadOnlyList<string> Stages { get; init; } = [];

    /// <summary>When the version was created.</summary>
    public required DateTimeOffset CreatedDate { get; init; }

    /// <summary>The ARN of the KMS key that wrapped the data key.</summary>
    public required string KeyArn { get; init; }

    /// <summary>The data key's KMS ciphertext blob.</summary>
    public required byte[] WrappedKey { get; init; }

    /// <summary>Format byte, nonce, ciphertext and tag of the value (see <see cref="SecretCipher"/>).</summary>
    public required byte[] Sealed { get; init; }

    /// <summary>Whether the value is a SecretBinary (else a SecretString).</summary>
    public bool IsBinary { get; init; }
}
