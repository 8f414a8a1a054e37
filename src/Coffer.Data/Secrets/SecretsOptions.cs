using System.ComponentModel.DataAnnotations;

namespace Coffer.Data.Secrets;

/// <summary>Secrets Manager settings (section <c>Secrets</c>).</summary>
public sealed record SecretsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Secrets";

    private static readonly TimeSpan DefaultMaintenanceInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often secrets whose recovery window has ended are deleted for good. Default: one minute, or one
    /// <see cref="Day"/> when a shortened day is shorter.
    /// </summary>
    public TimeSpan? MaintenanceInterval { get; init; }

    /// <summary>The interval in force: <see cref="MaintenanceInterval"/> when set, else its default.</summary>
    public TimeSpan EffectiveMaintenanceInterval =>
        MaintenanceInterval ?? (Day > TimeSpan.Zero && Day < DefaultMaintenanceInterval ? Day : DefaultMaintenanceInterval);

    /// <summary>The length of a "day" of RecoveryWindowInDays. Default: 24 hours (AWS's); shorten only for tests and demos.</summary>
    public TimeSpan Day { get; init; } = TimeSpan.FromDays(1);

    /// <summary>The most versions a secret keeps (AWS's quota is about 100); the oldest deprecated ones are dropped first. Default: 100.</summary>
    [Range(2, 1000)]
    public int MaxVersions { get; init; } = 100;
}
