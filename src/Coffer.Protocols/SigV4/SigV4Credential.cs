namespace Coffer.Protocols.SigV4;

/// <summary>
/// The parsed parts of a SigV4 authorization, from either the <c>Authorization</c> header or a presigned query string.
/// </summary>
/// <param name="AccessKeyId">The access key id of the credential.</param>
/// <param name="ScopeDate">The scope's date, <c>yyyyMMdd</c>.</param>
/// <param name="Region">The scope's region.</param>
/// <param name="Service">The scope's service signing name (<c>kms</c>, <c>rds</c>, …).</param>
/// <param name="SignedHeaders">The lower-case names of the signed headers, in the order given.</param>
/// <param name="Signature">The hex signature the client sent.</param>
/// <param name="RequestTime">The request's <c>X-Amz-Date</c>.</param>
/// <param name="Presigned">Whether the authorization came from the query string.</param>
/// <param name="ExpiresSeconds">For presigned requests, <c>X-Amz-Expires</c>.</param>
public sealed record SigV4Credential(
    string AccessKeyId,
    string ScopeDate,
    string Region,
    string Service,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    DateTimeOffset RequestTime,
    bool Presigned,
    int ExpiresSeconds)
{
    /// <summary>The credential scope: <c>date/region/service/aws4_request</c>.</summary>
    public string Scope => $"{ScopeDate}/{Region}/{Service}/{SigV4Constants.Terminator}";
}
