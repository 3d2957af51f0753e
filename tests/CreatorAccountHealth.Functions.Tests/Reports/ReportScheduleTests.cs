using System.Globalization;
using CreatorAccountHealth.Functions.Reports;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>Which occurrence of ReportsSchedule a timer run belongs to, and which schedules start-up refuses.</summary>
public class ReportScheduleTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 11, 30, 6, 0);

    private static ReportSchedule Create(string expression, string? zone = null) =>
        ReportSchedule.TryCreate(expression, zone, out var problem) ?? throw new InvalidOperationException(problem);

    private static Instant At(string instant) => Instant.FromDateTimeOffset(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("2026-11-30T06:00:00Z")]
    [InlineData("2026-11-30T06:00:00.150Z")]
    [InlineData("2026-11-30T05:59:59.800Z")]
    [InlineData("2026-11-30T21:00:00Z")]
    [InlineData("2026-12-03T17:59:59Z")]
    public void A_run_belongs_to_the_nearest_occurrence(string now)
    {
        Assert.Equal(Monday, Create(ReportOptions.DefaultSchedule).OccurrenceNearest(At(now)));
    }

    [Fact]
    public void Halfway_to_the_next_occurrence_a_run_still_belongs_to_the_last_one()
    {
        Assert.Equal(Monday, Create(ReportOptions.DefaultSchedule).OccurrenceNearest(At("2026-12-03T18:00:00Z")));
        Assert.Equal(Monday.Plus(Duration.FromDays(7)), Create(ReportOptions.DefaultSchedule).OccurrenceNearest(At("2026-12-03T18:00:01Z")));
    }

    [Fact]
    public void Five_field_cron_is_read_as_the_host_reads_it()
    {
        Assert.Equal(Monday, Create("0 6 * * 1").OccurrenceNearest(At("2026-11-30T06:00:02Z")));
    }

    [Fact]
    public void The_schedule_is_read_in_the_hosts_time_zone()
    {
        // 06:00 in Madrid is 05:00 UTC in winter.
        Assert.Equal(Instant.FromUtc(2026, 11, 30, 5, 0), Create(ReportOptions.DefaultSchedule, "Europe/Madrid").OccurrenceNearest(At("2026-11-30T05:00:01Z")));
    }

    [Theory]
    [InlineData("every monday")]
    [InlineData("00:05:00")] // a TimeSpan schedule names no weekly occurrence
    [InlineData("0 0 25 * * 1")]
    public void An_expression_the_host_would_not_run_weekly_is_refused_naming_the_setting(string expression)
    {
        Assert.Null(ReportSchedule.TryCreate(expression, null, out var problem));
        Assert.Contains(ReportOptions.ScheduleSetting, problem);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        Assert.Null(ReportSchedule.TryCreate(ReportOptions.DefaultSchedule, "Mars/Olympus_Mons", out var problem));
        Assert.Contains("Mars/Olympus_Mons", problem);
    }
}
