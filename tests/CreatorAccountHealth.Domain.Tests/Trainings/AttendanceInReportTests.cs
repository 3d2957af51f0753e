using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Trainings;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.History;

namespace CreatorAccountHealth.Domain.Tests.Trainings;

public class AttendanceInReportTests
{
    // Monday 23 November 2026, 06:00 UTC: the period is Mon 16 – Sun 22 November (London: UTC in November).
    private static readonly Instant Cutoff = At(2026, 11, 23, 6);

    private static TrainingAttendance Attended(string id, Instant checkedInAt) =>
        new(id, "Livestream selling", "London", checkedInAt, checkedInAt + Duration.FromHours(8), "Europe/London", checkedInAt);

    private static CreatorHistory WithAttendance(params TrainingAttendance[] attended) =>
        new("c1", new CreatorProfile("c1", "c1@shop.example", "Ana", "en", "Europe/London", At(2026, 1, 1)), [], [], [], TrainingAttendances: attended);

    [Fact]
    public void Workshops_checked_in_at_during_the_period_are_in_the_report_earliest_first()
    {
        var history = WithAttendance(Attended("late", At(2026, 11, 22, 23, 30)), Attended("early", At(2026, 11, 16, 9)), Attended("before", At(2026, 11, 15, 23, 59)));

        var report = WeeklyReportBuilder.Build(history, Cutoff, StandingRules.Default, 2, new PolicyCatalog([]));

        Assert.NotNull(report);
        Assert.Equal(["early", "late"], report.Attended.Select(a => a.TrainingId));
        Assert.Equal(0, report.Standing.ActivePoints);
    }

    [Fact]
    public void Attendance_alone_is_enough_for_a_report_but_a_creator_with_nothing_gets_none()
    {
        Assert.NotNull(WeeklyReportBuilder.Build(WithAttendance(Attended("t", At(2026, 11, 18, 9))), Cutoff, StandingRules.Default, 2, new PolicyCatalog([])));
        Assert.Null(WeeklyReportBuilder.Build(WithAttendance(), Cutoff, StandingRules.Default, 2, new PolicyCatalog([])));
    }
}
