namespace Coffer.Keys.Service;

/// <summary>What GetKeyRotationStatus reports.</summary>
/// <param name="KeyArn">The key's ARN.</param>
/// <param name="RotationEnabled">Whether automatic rotation is on (reported off while the key is pending deletion).</param>
/// <param name="RotationPeriodInDays">The period, when rotation is on.</param>
/// <param name="NextRotationDate">When the next automatic rotation is due, when rotation is on.</param>
public sealed record KeyRotationStatus(string KeyArn, bool RotationEnabled, int? RotationPeriodInDays, DateTimeOffset? NextRotationDate);
