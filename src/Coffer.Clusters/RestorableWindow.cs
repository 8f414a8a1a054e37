namespace Coffer.Clusters;

/// <summary>The times a cluster's automated backups restore to: EarliestRestorableTime to LatestRestorableTime.</summary>
/// <param name="Earliest">The earliest time.</param>
/// <param name="Latest">The latest time.</param>
public readonly record struct RestorableWindow(DateTimeOffset Earliest, DateTimeOffset Latest)
{
    /// <summary>Whether <paramref name="time"/> is in the window (both ends included).</summary>
    public bool Contains(DateTimeOffset time) => time >= Earliest && time <= Latest;
}
