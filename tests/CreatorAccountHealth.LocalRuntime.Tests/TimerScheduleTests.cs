using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Timers;

namespace CreatorAccountHealth.LocalRuntime.Tests;

public class TimerScheduleTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 10, 0, 1, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */5 * * * *", "2030-01-10T00:05:00Z")]
    [InlineData("*/10 * * * * *", "2030-01-10T00:01:40Z")]
    [InlineData("*/5 * * * *", "2030-01-10T00:05:00Z")]
    [InlineData("0 0 9 * * Mon-Fri", "2030-01-10T09:00:00Z")]
    [InlineData("00:05:00", "2030-01-10T00:06:30Z")]
    [InlineData("1.00:00:00", "2030-01-11T00:01:30Z")]
    public void Six_field_NCRONTAB_five_field_cron_and_intervals_are_understood(string expression, string next)
    {
        var schedule = TimerSchedule.Parse(expression, TimeZoneInfo.Utc);

        Assert.Equal(DateTimeOffset.Parse(next, null, System.Globalization.DateTimeStyles.AssumeUniversal), schedule!.GetNextOccurrence(Start));
    }

    [Theory]
    [InlineData("every five minutes")]
    [InlineData("0 */5 * * * * *")]
    [InlineData("00:00:00")]
    [InlineData("")]
    public void Anything_else_is_not_a_schedule(string expression) => Assert.Null(TimerSchedule.Parse(expression, TimeZoneInfo.Utc));

    [Theory]
    [InlineData("WEBSITE_TIME_ZONE", "Europe/Amsterdam")]
    [InlineData("WEBSITE_TIME_ZONE", "W. Europe Standard Time")]
    [InlineData("TZ", "Europe/Amsterdam")]
    public void A_schedule_runs_in_the_zone_the_settings_name(string setting, string zone)
    {
        var schedule = TimerSchedule.Parse("0 0 9 * * *", TimerSchedule.TimeZoneFrom(Configuration.With(setting, zone)))!;

        Assert.Equal(new DateTimeOffset(2030, 1, 10, 8, 0, 0, TimeSpan.Zero), schedule.GetNextOccurrence(Start));
        Assert.Equal(new DateTimeOffset(2030, 7, 10, 7, 0, 0, TimeSpan.Zero), schedule.GetNextOccurrence(Start.AddMonths(6)));
    }

    [Fact]
    public void Without_a_zone_setting_schedules_are_in_UTC() =>
        Assert.Equal(TimeZoneInfo.Utc, TimerSchedule.TimeZoneFrom(Configuration.With()));

    [Fact]
    public void An_unknown_zone_stops_start_up_naming_the_setting()
    {
        var error = Assert.Throws<LocalRuntimeConfigurationException>(
            () => TimerSchedule.TimeZoneFrom(Configuration.With("WEBSITE_TIME_ZONE", "Atlantis/Capital")));

        Assert.Contains("WEBSITE_TIME_ZONE", error.Message, StringComparison.Ordinal);
        Assert.Contains("Atlantis/Capital", error.Message, StringComparison.Ordinal);
    }
}
