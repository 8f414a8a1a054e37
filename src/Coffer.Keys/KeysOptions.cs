namespace Coffer.Keys;

/// <summary>The key service's settings. AWS's values are the defaults; tests shorten the day.</summary>
public sealed record KeysOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Keys";

    /// <summary>
    /// The length of one "day" in the deletion waiting period and the rotation period (default 24 hours). Tests set
    /// it to seconds so that a 7-day waiting period passes on a fake clock without special cases.
    /// </summary>
    public TimeSpan Day { get; init; } = TimeSpan.FromDays(1);

    /// <summary>How often due rotations and deletions are looked for (default one minute).</summary>
    public TimeSpan MaintenanceInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>On-demand rotations allowed per key (AWS: 25).</summary>
    public int MaxOnDemandRotations { get; init; } = 25;
}
