using System.Text.Json.Nodes;
using Coffer.Audit;

namespace Coffer.TestKit;

/// <summary>Audit events shaped as the KMS service records them, for tests that feed the trail directly.</summary>
public static class AuditSamples
{
    /// <summary>
    /// A successful KMS API call by the IAM user <paramref name="userName"/> of <paramref name="accountId"/> on the key
    /// <paramref name="keyArn"/>, with <c>encryptionAlgorithm</c> in its request parameters.
    /// </summary>
    public static AuditEvent KmsCall(
        string accountId, string keyArn, DateTimeOffset time, string eventName = "Decrypt", bool readOnly = true, string region = "us-east-1",
        string userName = "admin", string accessKeyId = "AKIAEXAMPLE000000001", string eventSource = "kms.amazonaws.com") => new()
    {
        UserIdentity = new AuditUserIdentity
        {
            Type = "IAMUser",
            PrincipalId = "AIDAEXAMPLE000000001",
            Arn = $"arn:aws:iam::{accountId}:user/{userName}",
            AccountId = accountId,
            AccessKeyId = accessKeyId,
            UserName = userName,
        },
        EventTime = time,
        EventSource = eventSource,
        EventName = eventName,
        AwsRegion = region,
        SourceIpAddress = "127.0.0.1",
        UserAgent = "aws-cli/1.45.11",
        RequestParameters = new JsonObject { ["keyId"] = keyArn, ["encryptionAlgorithm"] = "SYMMETRIC_DEFAULT" },
        RequestId = Guid.NewGuid().ToString(),
        ReadOnly = readOnly,
        Resources = [new AuditResource { AccountId = accountId, Type = "AWS::KMS::Key", Arn = keyArn }],
        RecipientAccountId = accountId,
    };
}
