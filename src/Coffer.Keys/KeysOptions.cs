namespace Coffer.Keys;

/// <summary>The key service's settings. AWS's values are the defaults; tests shorten the day.</summary>
public sealed record KeysOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Keys";

    private static readonly TimeSpan DefaultMaintenanceInterval = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The length of one "day" in the deletion waiting period and the rotation period (default 24 hours). Tests set
    /// it to seconds so that a 7-day waiting period passes on a fake clock without special cases.
    /// </summary>
    public TimeSpan Day { get; init; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often due rotations and deletions are looked for. Default: one minute, or one <see cref="Day"/> when a
    /// shortened day is shorter, so that a demo's 7-day waiting period of 7 seconds ends about 7 seconds later.
    /// </summary>
    public TimeSpan? MaintenanceInterval { get; init; }

    /// <summary>The interval in force: <see cref="MaintenanceInterval"/> when set, else its default.</summary>
    public TimeSpan EffectiveMaintenanceInterval =>
        MaintenanceInterval ?? (Day > TimeSpan.Zero && Day < DefaultMaintenanceInterval ? Day : DefaultMaintenanceInterval);

    /// <summary>On-demand rotations allowed per key (AWS: 25).</summary>
    public int MaxOnDemandRotations { get; init; } = 25;
}
