using System.Globalization;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Email;
using static CreatorAccountHealth.Functions.Email.EmailFormat;

namespace CreatorAccountHealth.Functions.Reports.Rendering;

/// <summary>The week's numbers against the week before.</summary>
/// <param name="Trend">"up", "down" or "same": how the count of violations moved, for the badge's colour.</param>
/// <param name="CountTrendText">Against the week before, which <see cref="PreviousWeekText"/> spells out.</param>
/// <param name="QuietWeek">Set only for a week without violations: what is still active.</param>
public sealed record WeekSummary(
    int ViolationCount,
    int PointsIssued,
    int NoticeCount,
    string Trend,
    string CountTrendText,
    string PointsTrendText,
    string PreviousWeekText,
    string? QuietWeek)
{
    public static WeekSummary From(WeeklyReport report, CreatorCulture culture)
    {
        var (violations, trend) = (report.Violations, report.Violations.Trend);
        return new WeekSummary(
            violations.Count,
            violations.Points,
            report.Notices.Count,
            trend.CountChange > 0 ? "up" : trend.CountChange < 0 ? "down" : "same",
            Change(trend.CountChange, trend.PreviousCount),
            Change(trend.PointsChange, trend.PreviousPoints),
            $"The week before ({culture.Period(report.Period.Previous)}): "
            + $"{Count(trend.PreviousCount, "violation", "violations")}, {Points(trend.PreviousPoints)}.",
            violations.Count > 0 ? null : QuietWeekText(report.Standing.ActivePoints));
    }

    /// <summary>Against the week before, short enough for a tile: "Up 5 from 1", "Down 3 from 5", "No change".</summary>
    private static string Change(int change, int previous) => change switch
    {
        > 0 => $"Up {change.ToString(CultureInfo.InvariantCulture)} from {previous.ToString(CultureInfo.InvariantCulture)}",
        < 0 => $"Down {(-change).ToString(CultureInfo.InvariantCulture)} from {previous.ToString(CultureInfo.InvariantCulture)}",
        _ => "No change",
    };

    private static string QuietWeekText(int activePoints) => activePoints == 0
        ? "And no active points on your account. Keep it up!"
        : $"You still have {Points(activePoints)} active from earlier violations. They count towards milestones until they expire (dates below).";
}
