namespace Coffer.Data.Secrets;

/// <summary>GetSecretValue's result; disposing it zeroes the value.</summary>
/// <param name="Arn">The secret's ARN.</param>
/// <param name="Name">The secret's name.</param>
/// <param name="VersionId">The version read.</param>
/// <param name="VersionStages">Its labels.</param>
/// <param name="CreatedDate">When the version was created.</param>
/// <param name="Value">The decrypted value.</param>
public sealed record SecretValueResult(string Arn, string Name, string VersionId, IReadOnlyList<string> VersionStages, DateTimeOffset CreatedDate, SecretValue Value) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Value.Dispose();
}
