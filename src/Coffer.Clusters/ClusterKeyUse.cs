using Coffer.Keys;

namespace Coffer.Clusters;

/// <summary>
/// One use of a cluster's KMS key by RDS (creating its grant, generating or decrypting its data key, retiring the
/// grant): what the host records in the audit trail, as CloudTrail shows AWS services' calls on a caller's behalf.
/// </summary>
/// <param name="Operation">The KMS operation (CreateGrant, GenerateDataKey, Decrypt, RetireGrant).</param>
/// <param name="Caller">Who RDS acted for, with ViaService set.</param>
/// <param name="KeyId">The key as named (an ARN once known).</param>
/// <param name="EncryptionContext">The cluster's encryption context (<c>aws:rds:db-id</c>).</param>
/// <param name="ErrorCode">The KMS error code when the call failed.</param>
/// <param name="ErrorMessage">Its message.</param>
public sealed record ClusterKeyUse(string Operation, KmsCaller Caller, string KeyId, IReadOnlyDictionary<string, string> EncryptionContext, string? ErrorCode, string? ErrorMessage);
