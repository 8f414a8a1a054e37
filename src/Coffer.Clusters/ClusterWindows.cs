using System.Globalization;
using System.Text.RegularExpressions;

namespace Coffer.Clusters;

/// <summary>
/// RDS's backup and maintenance windows: a daily <c>hh24:mi-hh24:mi</c> and a weekly <c>ddd:hh24:mi-ddd:hh24:mi</c>,
/// both UTC, each at least 30 minutes long (a window may wrap past midnight or the end of the week), and the backup
/// window may not overlap the maintenance window on any day. Coffer stores and reports them; nothing is scheduled by
/// them yet.
/// </summary>
public static partial class ClusterWindows
{
    private const int MinutesPerDay = 24 * 60;
    private const int MinutesPerWeek = 7 * MinutesPerDay;
    private const int MinimumMinutes = 30;

    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    [GeneratedRegex("^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$")]
    private static partial Regex BackupPattern();

    [GeneratedRegex("^([A-Za-z]{3}):([0-9]{2}):([0-9]{2})-([A-Za-z]{3}):([0-9]{2}):([0-9]{2})$")]
    private static partial Regex MaintenancePattern();

    /// <summary>The backup window as given when valid, or InvalidParameterValue.</summary>
    public static string ValidateBackupWindow(string window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var (_, length) = ParseBackup(window) ?? throw RdsErrors.InvalidParameterValue(
            $"Invalid PreferredBackupWindow {window}: it must be in the format hh24:mi-hh24:mi, in UTC, for example 03:00-03:30.");
        return length < MinimumMinutes
            ? throw RdsErrors.InvalidParameterValue($"Invalid PreferredBackupWindow {window}: the backup window must be at least {MinimumMinutes} minutes.")
            : window;
    }

    /// <summary>The maintenance window in its stored (lowercase) form when valid, or InvalidParameterValue.</summary>
    public static string ValidateMaintenanceWindow(string window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var normalized = window.ToLowerInvariant();
        var (_, length) = ParseMaintenance(normalized) ?? throw RdsErrors.InvalidParameterValue(
            $"Invalid PreferredMaintenanceWindow {window}: it must be in the format ddd:hh24:mi-ddd:hh24:mi, in UTC, with days Mon, Tue, Wed, Thu, Fri, Sat or Sun, for example sun:05:00-sun:05:30.");
        return length < MinimumMinutes
            ? throw RdsErrors.InvalidParameterValue($"Invalid PreferredMaintenanceWindow {window}: the maintenance window must be at least {MinimumMinutes} minutes.")
            : normalized;
    }

    /// <summary>Whether a (valid) daily backup window overlaps a (valid) weekly maintenance window on any day.</summary>
    public static bool Overlap(string backupWindow, string maintenanceWindow)
    {
        var (backupStart, backupLength) = ParseBackup(backupWindow) ?? throw new ArgumentException("Not a backup window.", nameof(backupWindow));
        var (maintenanceStart, maintenanceLength) = ParseMaintenance(maintenanceWindow.ToLowerInvariant()) ?? throw new ArgumentException("Not a maintenance window.", nameof(maintenanceWindow));
        for (var day = 0; day < 7; day++)
        {
            var start = (day * MinutesPerDay) + backupStart;
            foreach (var shift in (ReadOnlySpan<int>)[-MinutesPerWeek, 0, MinutesPerWeek])
            {
                var other = maintenanceStart + shift;
                if (start < other + maintenanceLength && other < start + backupLength)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Minutes since midnight and length in minutes, or <see langword="null"/> when malformed.</summary>
    private static (int Start, int Length)? ParseBackup(string window)
    {
        var match = BackupPattern().Match(window);
        if (!match.Success || Time(match.Groups[1].Value, match.Groups[2].Value) is not { } start || Time(match.Groups[3].Value, match.Groups[4].Value) is not { } end)
        {
            return null;
        }

        return (start, (end - start + MinutesPerDay) % MinutesPerDay);
    }

    /// <summary>Minutes since Monday 00:00 and length in minutes, or <see langword="null"/> when malformed.</summary>
    private static (int Start, int Length)? ParseMaintenance(string window)
    {
        var match = MaintenancePattern().Match(window);
        if (!match.Success)
        {
            return null;
        }

        var startDay = Array.IndexOf(Days, match.Groups[1].Value);
        var endDay = Array.IndexOf(Days, match.Groups[4].Value);
        if (startDay < 0 || endDay < 0 || Time(match.Groups[2].Value, match.Groups[3].Value) is not { } startTime || Time(match.Groups[5].Value, match.Groups[6].Value) is not { } endTime)
        {
            return null;
        }

        var start = (startDay * MinutesPerDay) + startTime;
        var end = (endDay * MinutesPerDay) + endTime;
        return (start, (end - start + MinutesPerWeek) % MinutesPerWeek);
    }

    private static int? Time(string hours, string minutes)
    {
        var h = int.Parse(hours, CultureInfo.InvariantCulture);
        var m = int.Parse(minutes, CultureInfo.InvariantCulture);
        return h < 24 && m < 60 ? (h * 60) + m : null;
    }
}
