using Coffer.Primitives;

namespace Coffer.Keys.Service;

/// <summary>
/// Something the key service did on its own, not for a caller: CloudTrail records these as <c>AwsServiceEvent</c>
/// with <c>eventName</c> <see cref="Kind"/> (<c>RotateKey</c> or <c>DeleteKey</c>).
/// </summary>
/// <param name="Kind">What happened.</param>
/// <param name="KeyArn">The key's ARN.</param>
/// <param name="Account">The key's account.</param>
/// <param name="Region">The key's region.</param>
/// <param name="Time">When, by the service's clock.</param>
public sealed record KeyServiceEvent(KeyServiceEventKind Kind, string KeyArn, AccountId Account, string Region, DateTimeOffset Time)
{
    /// <summary>The key id (the last part of the ARN).</summary>
    public string KeyId => KeyArn[(KeyArn.LastIndexOf('/') + 1)..];
}
