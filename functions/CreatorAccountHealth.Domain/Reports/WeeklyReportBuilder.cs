using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Reports;

/// <summary>Builds a creator's weekly report from their history: a pure function of the history, the cutoff and the rules.</summary>
public static class WeeklyReportBuilder
{
    /// <summary>The report for the seven local days before <paramref name="cutoff"/>; null for a creator with no violations, notices or attended workshops ever.</summary>
    public static WeeklyReport? Build(CreatorHistory history, Instant cutoff, StandingRules rules, int approachWithinPoints, PolicyCatalog catalog)
    {
        if (!history.HasViolations && history.Notices.Count == 0 && history.Attended.Count == 0)
        {
            return null;
        }

        var zone = CreatorCalendar.ZoneOf(history.Profile);
        var period = CreatorCalendar.PastSevenDays(cutoff, zone);
        var counted = StandingCalculator.CountedViolations(history);
        var inPeriod = counted.Where(v => period.Contains(v.IssuedAt)).OrderBy(v => v.IssuedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
        var previous = counted.Where(v => period.Previous.Contains(v.IssuedAt)).ToList();
        var standing = StandingCalculator.Calculate(history, cutoff, rules);

        return new WeeklyReport(
            history.CreatorId,
            WeeklyReport.IdFor(period),
            period,
            cutoff,
            history.Profile?.DisplayName,
            Violations(inPeriod, previous, period, catalog),
            history.Notices.Where(n => period.Contains(n.SentAt)).OrderBy(n => n.SentAt).ThenBy(n => n.Id, StringComparer.Ordinal).ToList(),
            Summary(standing, approachWithinPoints),
            Guidance(history, inPeriod, standing, cutoff, rules, catalog),
            history.Attended.Where(a => period.Contains(a.CheckedInAt)).OrderBy(a => a.CheckedInAt).ThenBy(a => a.TrainingId, StringComparer.Ordinal).ToList());
    }

    private static PeriodViolations Violations(List<Violation> inPeriod, List<Violation> previous, ReportPeriod period, PolicyCatalog catalog)
    {
        var count = inPeriod.Count;
        var points = inPeriod.Sum(v => v.Points);
        var perDay = period.Days
            .Select(day =>
            {
                var onDay = inPeriod.Where(v => CreatorCalendar.LocalDateOf(v.IssuedAt, period.Zone) == day).ToList();
                return new DayTally(day, onDay.Count, onDay.Sum(v => v.Points));
            })
            .ToList();
        var bySurface = Enum.GetValues<Surface>()
            .Select(surface => (surface, violations: inPeriod.Where(v => v.Surface == surface).ToList()))
            .Where(g => g.violations.Count > 0)
            .Select(g => new SurfaceGroup(g.surface, g.violations.Count, g.violations.Sum(v => v.Points), Ranked(g.violations, catalog)))
            .ToList();
        var trend = new WeekTrend(previous.Count, previous.Sum(v => v.Points), count - previous.Count, points - previous.Sum(v => v.Points));
        return new PeriodViolations(count, points, inPeriod, bySurface, Ranked(inPeriod, catalog), perDay, trend);
    }

    /// <summary>Policies by how often they were broken; more points first on equal counts, then by code. Equal counts share a rank.</summary>
    public static IReadOnlyList<PolicyTally> Ranked(IEnumerable<Violation> violations, PolicyCatalog catalog)
    {
        var tallies = violations
            .GroupBy(v => v.PolicyCode, StringComparer.Ordinal)
            .Select(g => (code: g.Key, count: g.Count(), points: g.Sum(v => v.Points)))
            .OrderByDescending(t => t.count)
            .ThenByDescending(t => t.points)
            .ThenBy(t => t.code, StringComparer.Ordinal)
            .ToList();
        return tallies
            .Select(t => new PolicyTally(
                t.code,
                catalog.TryGet(t.code, out var policy) ? policy.Title : t.code,
                t.count,
                t.points,
                Rank: 1 + tallies.Count(other => other.count > t.count)))
            .ToList();
    }

    private static StandingSummary Summary(CreatorStanding standing, int approachWithinPoints)
    {
        AlertKind? alert = standing.CurrentMilestone is not null ? AlertKind.Reached
            : standing.PointsToNextMilestone <= approachWithinPoints ? AlertKind.Approaching
            : null;
        return new StandingSummary(
            standing.ActivePoints, standing.CurrentMilestone, standing.NextMilestone, standing.PointsToNextMilestone, alert, standing.PointsExpiring);
    }

    /// <summary>
    /// For each policy broken in the period: its education, and the quizzes of its active violations that can still be
    /// taken at the cutoff (open, attempts left), with the attempts really used.
    /// </summary>
    private static IReadOnlyList<PolicyGuidance> Guidance(
        CreatorHistory history, List<Violation> inPeriod, CreatorStanding standing, Instant cutoff, StandingRules rules, PolicyCatalog catalog)
    {
        return inPeriod
            .Select(v => v.PolicyCode)
            .Distinct(StringComparer.Ordinal)
            .Where(code => catalog.TryGet(code, out _))
            .Select(code =>
            {
                var policy = catalog.Get(code);
                var quizzes = standing.ActiveViolations
                    .Select(a => a.Violation)
                    .Where(v => v.PolicyCode == code)
                    .Select(v => QuizOverview.For(history, v, policy, cutoff, rules))
                    .Where(q => q.CanStart)
                    .OrderBy(q => q.WindowEnd)
                    .Select(q => new QuizOpportunity(q.Violation.Id, q.QuizType, q.AttemptsLeft, q.LastDay))
                    .ToList();
                return new PolicyGuidance(code, policy.Title, policy.Education, quizzes);
            })
            .ToList();
    }
}
