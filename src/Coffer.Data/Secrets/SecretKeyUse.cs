using Coffer.Keys;

namespace Coffer.Data.Secrets;

/// <summary>
/// One use of a secret's KMS key by Secrets Manager (GenerateDataKey for a new version, Decrypt to read one): what the
/// host records in the audit trail, as CloudTrail shows an AWS service's calls on a principal's behalf.
/// </summary>
/// <param name="Operation">The KMS operation (GenerateDataKey or Decrypt).</param>
/// <param name="Caller">Who Secrets Manager acted for, with ViaService set.</param>
/// <param name="KeyId">The key (its ARN once known, else as named).</param>
/// <param name="EncryptionContext">The version's encryption context (<c>SecretARN</c>, <c>SecretVersionId</c>).</param>
/// <param name="ErrorCode">The KMS error code when the call failed.</param>
/// <param name="ErrorMessage">Its message.</param>
public sealed record SecretKeyUse(string Operation, KmsCaller Caller, string KeyId, IReadOnlyDictionary<string, string> EncryptionContext, string? ErrorCode, string? ErrorMessage);
