namespace Coffer.Protocols;

/// <summary>The wire protocols Coffer speaks; each has its own request shape and error shape.</summary>
public enum AwsProtocol
{
    /// <summary>AWS Query: form-encoded <c>Action=…</c> in, XML out (RDS, STS).</summary>
    Query,

    /// <summary>AWS JSON 1.1: <c>X-Amz-Target</c> and a JSON body (KMS, Secrets Manager, CloudTrail).</summary>
    Json11,

    /// <summary>REST-JSON: the operation is the path (RDS Data API).</summary>
    RestJson,
}
