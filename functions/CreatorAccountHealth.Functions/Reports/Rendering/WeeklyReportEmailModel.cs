using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Email;
using NodaTime;
using static CreatorAccountHealth.Functions.Email.EmailFormat;

namespace CreatorAccountHealth.Functions.Reports.Rendering;

/// <summary>
/// What the weekly report templates see (as snake_case in Liquid). Every value is already worded and formatted for the
/// creator, so the templates only lay it out. Dates are in the report's own zone (<see cref="ReportPeriod.Zone"/>): its
/// days, expiries and quiz deadlines were computed there, so the email and the web page agree with each other and with
/// the report whatever the profile says later.
/// </summary>
public sealed record WeeklyReportEmailModel(
    string ReportId,
    string Subject,
    string Preheader,
    string Greeting,
    string PeriodText,
    string TimeZoneName,
    WeekSummary Week,
    IReadOnlyList<ChartBar> Chart,
    IReadOnlyList<SurfaceSection> Surfaces,
    IReadOnlyList<RankedPolicy> MostFrequent,
    IReadOnlyList<NoticeEntry> Notices,
    StandingView Standing,
    IReadOnlyList<GuidanceEntry> WhatToDo,
    IReadOnlyList<TrainingEntry> Trainings,
    string? PageUrl = null,
    string? PreferencesUrl = null,
    string? UnsubscribeUrl = null)
{
    /// <summary>On the creator's page only: where "Back to your account" goes (the email has no such link).</summary>
    public string? PageHome { get; init; }

    /// <param name="links">The email's links (page, quizzes, appeals, preferences, unsubscribe); null on the web, where the
    /// stored report is shown inside the page the links lead to.</param>
    /// <param name="culture">How the creator writes dates (<see cref="CreatorCulture.For"/> of the current profile's locale).</param>
    public static WeeklyReportEmailModel From(WeeklyReport report, CreatorProfile? profile, CreatorCulture culture, EmailLinks? links = null)
    {
        var zone = report.Period.Zone;
        var violations = report.Violations;
        string DayOf(Instant instant) => culture.ShortDate(CreatorCalendar.LocalDateOf(instant, zone));
        var periodText = culture.Period(report.Period);
        var standing = StandingView.From(report, culture);
        var name = profile?.DisplayName ?? report.DisplayName;

        return new WeeklyReportEmailModel(
            report.ReportId,
            SubjectOf(report, culture),
            PreheaderOf(report, standing),
            string.IsNullOrWhiteSpace(name) ? "Hi," : $"Hi {name},",
            periodText,
            ZoneName(zone),
            WeekSummary.From(report, culture),
            ReportChart.Bars(violations.PerDay, culture),
            violations.BySurface
                .Select(group => new SurfaceSection(
                    SurfaceName(group.Surface),
                    Count(group.Count, "violation", "violations"),
                    Points(group.Points),
                    group.ByPolicy
                        .Select(tally => new PolicyBreakdown(
                            tally.PolicyTitle,
                            Count(tally.Count, "violation", "violations"),
                            Points(tally.Points),
                            violations.Items
                                .Where(v => v.Surface == group.Surface && v.PolicyCode == tally.PolicyCode)
                                .Select(v => new ViolationEntry(DayOf(v.IssuedAt), v.ContentId, Points(v.Points), v.Message, links?.Appeal(v.Id)))
                                .ToList()))
                        .ToList()))
                .ToList(),
            violations.MostFrequent
                .Select(t => new RankedPolicy(t.Rank, t.PolicyTitle, Count(t.Count, "time", "times"), Points(t.Points)))
                .ToList(),
            report.Notices
                .Select(n => new NoticeEntry(n.Title, n.Body, SurfaceName(n.Surface), DayOf(n.SentAt), n.ContentId))
                .ToList(),
            standing,
            report.WhatToDo
                .Select(g => new GuidanceEntry(
                    g.PolicyTitle,
                    SafeLink(g.Education.Article),
                    SafeLink(g.Education.Video),
                    SafeLink(g.Education.Slides),
                    g.Quizzes
                        .Select(q => new QuizEntry(
                            ThisWeeksViolation(violations.Items, q.ViolationId, DayOf),
                            Count(q.AttemptsLeft, "attempt", "attempts") + " left",
                            culture.Date(q.LastDay),
                            links?.Quiz(q.ViolationId)))
                        .ToList()))
                .ToList(),
            report.Attended
                .Select(a => new TrainingEntry(a.Title, a.City, DayOf(a.CheckedInAt)))
                .ToList(),
            links?.Page,
            links?.Preferences,
            links?.Unsubscribe);
    }

    /// <summary>The email's subject: the alert when there is one, else the week in one line.</summary>
    private static string SubjectOf(WeeklyReport report, CreatorCulture culture)
    {
        var standing = report.Standing;
        var headline = StandingView.AlertHeadline(standing)
            ?? (report.Violations.Count == 0
                ? $"no violations, {culture.Period(report.Period)}"
                : $"{Count(report.Violations.Count, "violation", "violations")}, {culture.Period(report.Period)}");
        return $"Your weekly account health report: {headline}";
    }

    private static string PreheaderOf(WeeklyReport report, StandingView standing)
    {
        var week = report.Violations.Count == 0
            ? "No violations this week."
            : $"{Count(report.Violations.Count, "violation", "violations")} ({Points(report.Violations.Points)}) this week.";
        return $"{week} You have {standing.ActivePointsText} active.";
    }

    /// <summary>Which of the week's violations a quiz is for, as the creator knows it: its day and content.</summary>
    private static string? ThisWeeksViolation(IReadOnlyList<Violation> items, string violationId, Func<Instant, string> dayOf) =>
        items.FirstOrDefault(v => v.Id == violationId) is { } violation ? $"{dayOf(violation.IssuedAt)} ({violation.ContentId})" : null;
}

/// <param name="Count">"3 violations".</param>
public sealed record SurfaceSection(string Surface, string Count, string PointsText, IReadOnlyList<PolicyBreakdown> Policies);

public sealed record PolicyBreakdown(string PolicyTitle, string Count, string PointsText, IReadOnlyList<ViolationEntry> Violations);

/// <param name="AppealUrl">Where the creator appeals it (emails only).</param>
public sealed record ViolationEntry(string IssuedOn, string ContentId, string PointsText, string? Message, string? AppealUrl = null);

/// <param name="Rank">Shared on ties: 1, 1, 3.</param>
public sealed record RankedPolicy(int Rank, string PolicyTitle, string Times, string PointsText);

public sealed record NoticeEntry(string Title, string Body, string Surface, string SentOn, string? ContentId);

/// <param name="AttendedOn">The local day the creator checked in ("Tue 17 Nov").</param>
public sealed record TrainingEntry(string Title, string City, string AttendedOn);

public sealed record GuidanceEntry(string PolicyTitle, string? Article, string? Video, string? Slides, IReadOnlyList<QuizEntry> Quizzes);

/// <param name="ForViolation">Which violation the quiz is for ("Tue 17 Nov (video-81)"), when it was issued this week.</param>
/// <param name="LastDay">The last local day the quiz can be taken.</param>
/// <param name="QuizUrl">The quiz in the Account Standing page (a signed link; emails only).</param>
public sealed record QuizEntry(string? ForViolation, string AttemptsLeft, string LastDay, string? QuizUrl = null);
