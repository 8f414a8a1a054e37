using Coffer.Primitives;

namespace Coffer.Clusters.Tests;

public sealed class ClusterWindowsTests
{
    [Theory]
    [InlineData("03:00-03:30")]
    [InlineData("23:45-00:15")]
    [InlineData("00:00-23:59")]
    public void ValidateBackupWindow_InFormatAndAtLeast30Minutes_ReturnsIt(string window) =>
        Assert.Equal(window, ClusterWindows.ValidateBackupWindow(window));

    [Theory]
    [InlineData("3:00-3:30")]
    [InlineData("03:00-03:30 ")]
    [InlineData("24:00-00:30")]
    [InlineData("03:60-04:30")]
    [InlineData("mon:03:00-mon:03:30")]
    [InlineData("03:00-03:29")]
    [InlineData("03:00-03:00")]
    public void ValidateBackupWindow_Malformed_OrShorterThan30Minutes_IsInvalidParameterValue(string window) =>
        Assert.Equal("InvalidParameterValue", Assert.Throws<AwsServiceException>(() => ClusterWindows.ValidateBackupWindow(window)).Code);

    [Theory]
    [InlineData("Sun:05:00-Sun:05:30", "sun:05:00-sun:05:30")]
    [InlineData("sat:23:30-sun:00:30", "sat:23:30-sun:00:30")]
    [InlineData("sun:23:30-mon:00:00", "sun:23:30-mon:00:00")]
    public void ValidateMaintenanceWindow_InFormat_ReturnsItLowercase(string window, string stored) =>
        Assert.Equal(stored, ClusterWindows.ValidateMaintenanceWindow(window));

    [Theory]
    [InlineData("sun:05:00-sun:05:29")]
    [InlineData("abc:05:00-sun:06:00")]
    [InlineData("05:00-06:00")]
    [InlineData("sun:5:00-sun:6:00")]
    [InlineData("sun:25:00-mon:01:00")]
    public void ValidateMaintenanceWindow_Malformed_OrShorterThan30Minutes_IsInvalidParameterValue(string window) =>
        Assert.Equal("InvalidParameterValue", Assert.Throws<AwsServiceException>(() => ClusterWindows.ValidateMaintenanceWindow(window)).Code);

    [Theory]
    [InlineData("04:30-05:30", "tue:04:00-tue:05:00", true)]
    [InlineData("05:00-05:30", "tue:04:00-tue:05:00", false)]
    [InlineData("03:00-04:00", "tue:04:00-tue:05:00", false)]
    [InlineData("23:30-00:30", "wed:00:00-wed:00:30", true)]
    [InlineData("12:00-12:30", "sun:23:00-mon:12:10", true)]
    [InlineData("12:30-13:00", "sun:23:00-mon:12:10", false)]
    public void Overlap_ChecksTheDailyBackupWindowOnEveryDayIncludingWraps(string backup, string maintenance, bool overlap) =>
        Assert.Equal(overlap, ClusterWindows.Overlap(backup, maintenance));
}
