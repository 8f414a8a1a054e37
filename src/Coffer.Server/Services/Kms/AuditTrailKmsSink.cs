using System.Text.Json.Nodes;
using Coffer.Audit;
using Coffer.Keys;
using Coffer.Keys.Service;
using Coffer.Primitives;

namespace Coffer.Server.Services.Kms;

/// <summary>
/// Records KMS calls in the audit trail as CloudTrail does: eventSource <c>kms.amazonaws.com</c>, the request's
/// parameters as the operation read them (never plaintext, ciphertext or grant tokens: <see cref="KmsInput"/> leaves
/// them out), the key as the resource, the error code and message when the call failed. Recording waits when the
/// trail's queue is full rather than drop a record, so no call succeeds unrecorded.
/// </summary>
internal sealed class AuditTrailKmsSink(AuditTrail trail, TimeProvider time) : IKmsAuditSink
{
    /// <summary>The event source of every KMS record.</summary>
    public const string EventSource = "kms.amazonaws.com";

    /// <inheritdoc />
    public ValueTask RecordAsync(KmsCall call, string operation, bool readOnly, AwsServiceException? error, CancellationToken cancellationToken)
    {
        var caller = call.Request.Caller;
        return trail.RecordAsync(
            new AuditEvent
            {
                UserIdentity = AuditUserIdentity.ForCaller(caller),
                EventTime = time.GetUtcNow(),
                EventSource = EventSource,
                EventName = operation,
                AwsRegion = caller.Region,
                SourceIpAddress = call.Caller.ViaService ?? call.Request.SourceAddress,
                UserAgent = call.Request.UserAgent,
                ErrorCode = error?.Code,
                ErrorMessage = error is null ? null : (error.Message.Length == 0 ? null : error.Message),
                RequestParameters = call.Input.AuditParameters,
                ResponseElements = call.ResponseElements,
                RequestId = call.Request.RequestId,
                ReadOnly = readOnly,
                Resources = call.KeyArn is null ? [] : [new AuditResource { AccountId = ArnAccount(call.KeyArn), Type = "AWS::KMS::Key", Arn = call.KeyArn }],
                RecipientAccountId = caller.Account.Value,
            },
            cancellationToken);
    }

    /// <summary>
    /// Records a rotation or a final deletion as CloudTrail does: an <c>AwsServiceEvent</c> invoked by "AWS Internal",
    /// with <c>serviceEventDetails.keyId</c>. Waits for room in the trail's queue rather than drop it.
    /// </summary>
    public void RecordServiceEvent(KeyServiceEvent serviceEvent)
    {
        ArgumentNullException.ThrowIfNull(serviceEvent);
        trail.RecordAsync(new AuditEvent
        {
            UserIdentity = AuditUserIdentity.ForService(serviceEvent.Account),
            EventTime = serviceEvent.Time,
            EventSource = EventSource,
            EventName = serviceEvent.Kind.ToString(),
            AwsRegion = serviceEvent.Region,
            SourceIpAddress = "AWS Internal",
            UserAgent = "AWS Internal",
            RequestParameters = null,
            ResponseElements = null,
            RequestId = Guid.NewGuid().ToString(),
            ReadOnly = false,
            Resources = [new AuditResource { AccountId = serviceEvent.Account.Value, Type = "AWS::KMS::Key", Arn = serviceEvent.KeyArn }],
            EventType = AuditEventTypes.AwsServiceEvent,
            RecipientAccountId = serviceEvent.Account.Value,
            ServiceEventDetails = new JsonObject { ["keyId"] = serviceEvent.KeyId },
        }).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Records RDS's use of a cluster's key as CloudTrail shows an AWS service's call on a principal's behalf:
    /// <c>userIdentity.invokedBy</c> and <c>sourceIPAddress</c> the service, the cluster's encryption context in the
    /// request parameters.
    /// </summary>
    public void RecordViaService(string operation, KmsCaller caller, string keyId, IReadOnlyDictionary<string, string> encryptionContext, string? errorCode, string? errorMessage)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(encryptionContext);
        var service = caller.ViaService ?? "AWS Internal";
        var context = new JsonObject();
        foreach (var (key, value) in encryptionContext)
        {
            context[key] = value;
        }

        trail.RecordAsync(new AuditEvent
        {
            UserIdentity = new AuditUserIdentity
            {
                Type = caller.PrincipalArn.Contains(":user/", StringComparison.Ordinal) ? "IAMUser" : "AWSService",
                Arn = caller.PrincipalArn,
                AccountId = caller.Account.Value,
                AccessKeyId = caller.AccessKeyId,
                InvokedBy = service,
            },
            EventTime = time.GetUtcNow(),
            EventSource = EventSource,
            EventName = operation,
            AwsRegion = caller.Region,
            SourceIpAddress = service,
            UserAgent = service,
            ErrorCode = errorCode,
            ErrorMessage = errorMessage,
            RequestParameters = new JsonObject { ["keyId"] = keyId, ["encryptionContext"] = context },
            RequestId = Guid.NewGuid().ToString(),
            ReadOnly = operation is "Decrypt" or "GenerateDataKey",
            Resources = Arn.TryParse(keyId, out var arn) ? [new AuditResource { AccountId = arn.Account, Type = "AWS::KMS::Key", Arn = keyId }] : [],
            RecipientAccountId = caller.Account.Value,
        }).AsTask().GetAwaiter().GetResult();
    }

    private static string ArnAccount(string arn) => Arn.TryParse(arn, out var parsed) ? parsed.Account : string.Empty;
}
