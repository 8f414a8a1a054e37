using Coffer.Keys.Service;
using Coffer.Primitives;

namespace Coffer.Server.Services.Kms;

/// <summary>Where every KMS call, successful or not, is recorded (CloudTrail's trail).</summary>
internal interface IKmsAuditSink
{
    /// <summary>Records one call; <paramref name="error"/> is set when it failed.</summary>
    ValueTask RecordAsync(KmsCall call, string operation, bool readOnly, AwsServiceException? error, CancellationToken cancellationToken);

    /// <summary>Records something the key service did on its own (rotation, deletion at the end of the waiting period).</summary>
    void RecordServiceEvent(KeyServiceEvent serviceEvent);

    /// <summary>Records a call a Coffer service made in-process on a principal's behalf (RDS using a cluster's key).</summary>
    void RecordViaService(string operation, Coffer.Keys.KmsCaller caller, string keyId, IReadOnlyDictionary<string, string> encryptionContext, string? errorCode, string? errorMessage);
}
