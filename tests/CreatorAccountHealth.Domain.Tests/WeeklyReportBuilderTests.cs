using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.History;

namespace CreatorAccountHealth.Domain.Tests;

public class WeeklyReportBuilderTests
{
    private static readonly PolicyCatalog Catalog = new(
    [
        Policy("spam", 2, video: true),
        Policy("pricing", 4),
        Policy("harm", 10),
    ]);

    // Monday 23 November 2026, 06:00 UTC: the default schedule's run. The period is Mon 16 – Sun 22 November.
    private static readonly Instant Cutoff = At(2026, 11, 23, 6);

    private static PolicyDefinition Policy(string code, int points, bool video = false) => new(
        code, code.ToUpperInvariant(), "Summary.", Severity.Moderate, points, code + "-quiz",
        new EducationLinks(new Uri($"https://academy.example/{code}"), video ? new Uri($"https://academy.example/v/{code}") : null, null), []);

    private static WeeklyReport? Build(CreatorHistory history, Instant? cutoff = null) =>
        WeeklyReportBuilder.Build(history, cutoff ?? Cutoff, StandingRules.Default, approachWithinPoints: 2, Catalog);

    private static CreatorHistory Creator(string? zone, params (string Id, Instant At, string Policy, Surface Surface)[] violations) => new(
        "c1",
        new CreatorProfile("c1", "c1@shop.example", "Ana", "en", zone, At(2026, 1, 1)),
        violations.Select(v => new Violation(v.Id, "c1", v.Policy, v.Surface, "content", v.At, Catalog.Get(v.Policy).Points, null)).ToList(),
        [],
        []);

    [Fact]
    public void The_period_is_the_seven_local_days_before_the_cutoff_day()
    {
        var report = Build(Creator(null, ("v1", At(2026, 11, 20), "spam", Surface.Video)))!;

        Assert.Equal(new LocalDate(2026, 11, 16), report.Period.FirstDay);
        Assert.Equal(new LocalDate(2026, 11, 22), report.Period.LastDay);
        Assert.Equal("weekly-2026-11-16-2026-11-22", report.ReportId);
        Assert.Equal(7, report.Violations.PerDay.Count);
    }

    [Fact]
    public void Violations_on_the_period_edges_belong_to_the_right_week()
    {
        var history = Creator(
            null,
            ("before", At(2026, 11, 15, 23, 59, 59), "spam", Surface.Video),
            ("first", At(2026, 11, 16, 0), "spam", Surface.Video),
            ("last", At(2026, 11, 22, 23, 59, 59), "spam", Surface.Video),
            ("after", At(2026, 11, 23, 0), "spam", Surface.Video));

        var report = Build(history)!;

        Assert.Equal(["first", "last"], report.Violations.Items.Select(v => v.Id));
        Assert.Equal(1, report.Violations.Trend.PreviousCount);
    }

    [Fact]
    public void The_period_follows_the_creators_time_zone()
    {
        // 22 Nov 23:30 UTC is already Monday 23 Nov in Tokyo: outside Tokyo's week, inside UTC's.
        var late = ("v1", At(2026, 11, 22, 23, 30), "spam", Surface.Livestream);

        Assert.Single(Build(Creator(null, late))!.Violations.Items);
        Assert.Empty(Build(Creator("Asia/Tokyo", late))!.Violations.Items);
        Assert.Equal(At(2026, 11, 15, 15), Build(Creator("Asia/Tokyo", late))!.Period.Start);
    }

    [Fact]
    public void A_week_across_a_daylight_saving_change_still_has_seven_days()
    {
        // Europe/London leaves summer time on Sunday 25 October 2026: that day has 25 hours.
        var report = Build(Creator("Europe/London", ("v1", At(2026, 10, 25, 23, 30), "spam", Surface.Video)), At(2026, 10, 26, 6))!;

        Assert.Equal(new LocalDate(2026, 10, 19), report.Period.FirstDay);
        Assert.Equal(Duration.FromHours((7 * 24) + 1), report.Period.End - report.Period.Start);
        Assert.Equal(1, report.Violations.PerDay.Single(d => d.Date == new LocalDate(2026, 10, 25)).Count);
    }

    [Fact]
    public void Violations_are_grouped_by_surface_and_policy_with_totals_and_per_day_bars()
    {
        var history = Creator(
            null,
            ("v1", At(2026, 11, 16, 10), "spam", Surface.Livestream),
            ("v2", At(2026, 11, 16, 11), "spam", Surface.Livestream),
            ("v3", At(2026, 11, 18, 9), "pricing", Surface.Video),
            ("v4", At(2026, 11, 20, 9), "harm", Surface.Livestream));

        var violations = Build(history)!.Violations;

        Assert.Equal(4, violations.Count);
        Assert.Equal(18, violations.Points);
        var live = Assert.Single(violations.BySurface, g => g.Surface == Surface.Livestream);
        Assert.Equal(3, live.Count);
        Assert.Equal(14, live.Points);
        Assert.Equal(["spam", "harm"], live.ByPolicy.Select(p => p.PolicyCode));
        Assert.Equal([2, 0, 1, 0, 1, 0, 0], violations.PerDay.Select(d => d.Count));
    }

    [Fact]
    public void Most_frequent_policies_are_ranked_with_shared_ranks_on_ties()
    {
        var history = Creator(
            null,
            ("a1", At(2026, 11, 16), "spam", Surface.Video),
            ("a2", At(2026, 11, 17), "spam", Surface.Video),
            ("b1", At(2026, 11, 16), "pricing", Surface.Video),
            ("b2", At(2026, 11, 17), "pricing", Surface.Video),
            ("c1", At(2026, 11, 18), "harm", Surface.Video));

        var ranked = Build(history)!.Violations.MostFrequent;

        // Equal counts: the one worth more points is listed first, and both share rank 1.
        Assert.Equal([("pricing", 2, 1), ("spam", 2, 1), ("harm", 1, 3)], ranked.Select(r => (r.PolicyCode, r.Count, r.Rank)));
    }

    [Fact]
    public void The_trend_compares_with_the_week_before()
    {
        var history = Creator(
            null,
            ("old1", At(2026, 11, 10), "harm", Surface.Video),
            ("old2", At(2026, 11, 12), "spam", Surface.Video),
            ("new1", At(2026, 11, 17), "spam", Surface.Video));

        var trend = Build(history)!.Violations.Trend;

        Assert.Equal(new WeekTrend(2, 12, -1, -10), trend);
    }

    [Fact]
    public void An_empty_week_with_active_points_still_gets_a_report()
    {
        var report = Build(Creator(null, ("old", At(2026, 11, 2), "harm", Surface.Video)))!;

        Assert.Equal(0, report.Violations.Count);
        Assert.All(report.Violations.PerDay, d => Assert.Equal(0, d.Count));
        Assert.Equal(10, report.Standing.ActivePoints);
        Assert.Empty(report.WhatToDo);
    }

    [Fact]
    public void A_creator_with_no_violations_or_notices_ever_gets_none()
    {
        Assert.Null(Build(Creator("Europe/Paris")));
    }

    [Fact]
    public void Standing_shows_the_alert_to_act_on()
    {
        var approaching = Creator(null, ("v1", At(2026, 11, 17), "harm", Surface.Video));
        var reached = Creator(null, ("v1", At(2026, 11, 17), "harm", Surface.Video), ("v2", At(2026, 11, 18), "pricing", Surface.Video));

        Assert.Equal(AlertKind.Approaching, Build(approaching)!.Standing.Alert);
        Assert.Equal(2, Build(approaching)!.Standing.PointsToNextMilestone);
        Assert.Equal(AlertKind.Reached, Build(reached)!.Standing.Alert);
        Assert.Null(Build(Creator(null, ("v1", At(2026, 11, 17), "spam", Surface.Video)))!.Standing.Alert);
    }

    [Fact]
    public void What_to_do_lists_education_and_open_quizzes_with_their_last_local_day()
    {
        // Issued in October (quiz open to 30 November) and in November (open to 31 December).
        var history = Creator(
            "America/New_York",
            ("oct", At(2026, 10, 30), "spam", Surface.Video),
            ("nov", At(2026, 11, 17), "spam", Surface.Video));

        var guidance = Assert.Single(Build(history)!.WhatToDo);

        Assert.Equal("spam", guidance.PolicyCode);
        Assert.NotNull(guidance.Education.Video);
        Assert.Equal(
            [("oct", new LocalDate(2026, 11, 30), 3), ("nov", new LocalDate(2026, 12, 31), 3)],
            guidance.Quizzes.Select(q => (q.ViolationId, q.LastDay, q.AttemptsLeft)));
    }

    [Fact]
    public void Quizzes_show_the_attempts_really_used_and_those_with_none_left_are_dropped()
    {
        var history = Creator(
            null,
            ("used-one", At(2026, 11, 17), "spam", Surface.Video),
            ("used-all", At(2026, 11, 18), "spam", Surface.Video),
            ("fresh", At(2026, 11, 19), "spam", Surface.Video)) with
        {
            QuizAttempts =
            [
                new QuizAttempt("a1", "used-one", At(2026, 11, 17, 13)),
                new QuizAttempt("a2", "used-all", At(2026, 11, 18, 13)),
                new QuizAttempt("a3", "used-all", At(2026, 11, 18, 14)),
                new QuizAttempt("a4", "used-all", At(2026, 11, 18, 15)),
                // After the cutoff: the report, as of the cutoff, doesn't count it yet.
                new QuizAttempt("a5", "fresh", At(2026, 11, 24)),
            ],
        };

        var guidance = Assert.Single(Build(history)!.WhatToDo);

        Assert.Equal([("used-one", 2), ("fresh", 3)], guidance.Quizzes.Select(q => (q.ViolationId, q.AttemptsLeft)));
    }

    [Fact]
    public void A_point_removed_by_a_quiz_shows_in_the_report_standing()
    {
        var history = Creator(null, ("v1", At(2026, 11, 17), "harm", Surface.Video));
        var removed = history with { PointRemovals = [new PointRemoval("v1", "harm-quiz", At(2026, 11, 20))] };

        Assert.Equal(10, Build(history)!.Standing.ActivePoints);
        Assert.Equal(9, Build(removed)!.Standing.ActivePoints);
        Assert.Equal(9, Build(removed)!.Standing.PointsExpiring.Sum(e => e.Points));
        // The period's violations keep the points they were issued with: the removal is a change of standing, not of history.
        Assert.Equal(10, Build(removed)!.Violations.Points);
    }

    [Fact]
    public void Overturned_violations_and_notices_outside_the_period_are_left_out()
    {
        var history = Creator(null, ("v1", At(2026, 11, 17), "harm", Surface.Video), ("v2", At(2026, 11, 18), "spam", Surface.Video)) with
        {
            Overturns = [new Overturn("v1", "c1", At(2026, 11, 19))],
            Notices =
            [
                new Notice("n1", "c1", Surface.Video, null, At(2026, 11, 19), "In", "Body"),
                new Notice("n0", "c1", Surface.Video, null, At(2026, 11, 9), "Out", "Body"),
            ],
        };

        var report = Build(history)!;

        Assert.Equal(["v2"], report.Violations.Items.Select(v => v.Id));
        Assert.Equal(["n1"], report.Notices.Select(n => n.Id));
    }
}
