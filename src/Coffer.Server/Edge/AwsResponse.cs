namespace Coffer.Server.Edge;

/// <summary>What a service answers: status, content type and body bytes.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="ContentType">The content type.</param>
/// <param name="Body">The body.</param>
internal sealed record AwsResponse(int Status, string ContentType, byte[] Body);
