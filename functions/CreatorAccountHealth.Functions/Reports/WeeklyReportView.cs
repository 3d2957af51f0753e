using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Standing;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// A weekly report as JSON (with <see cref="Hosting.AppJson"/>): how it is stored in the <c>reports</c> container and what
/// the report endpoints answer. It carries everything the domain <see cref="WeeklyReport"/> does, so
/// <see cref="ToDomain"/> gives back the report it was made from and the stored report renders the same HTML as the email.
/// </summary>
public sealed record WeeklyReportView(
    string ReportId,
    string CreatorId,
    string? DisplayName,
    ReportPeriodView Period,
    Instant Cutoff,
    PeriodViolationsView Violations,
    IReadOnlyList<NoticeView> Notices,
    StandingSummaryView Standing,
    IReadOnlyList<PolicyGuidanceView> WhatToDo,
    IReadOnlyList<TrainingAttendanceView>? TrainingsAttended = null)
{
    public static WeeklyReportView From(WeeklyReport report) => new(
        report.ReportId,
        report.CreatorId,
        report.DisplayName,
        ReportPeriodView.From(report.Period),
        report.Cutoff,
        PeriodViolationsView.From(report.Violations),
        report.Notices.Select(NoticeView.From).ToList(),
        StandingSummaryView.From(report.Standing),
        report.WhatToDo.Select(PolicyGuidanceView.From).ToList(),
        report.Attended.Select(TrainingAttendanceView.From).ToList());

    public WeeklyReport ToDomain() => new(
        CreatorId,
        ReportId,
        Period.ToDomain(),
        Cutoff,
        DisplayName,
        Violations.ToDomain(CreatorId),
        Notices.Select(n => n.ToDomain(CreatorId)).ToList(),
        Standing.ToDomain(),
        WhatToDo.Select(g => g.ToDomain()).ToList(),
        (TrainingsAttended ?? []).Select(t => t.ToDomain()).ToList());
}

/// <param name="TimeZone">The IANA zone the days are local to.</param>
/// <param name="Start">The first instant of <paramref name="FirstDay"/> in the zone.</param>
/// <param name="End">The first instant after <paramref name="LastDay"/> in the zone.</param>
public sealed record ReportPeriodView(LocalDate FirstDay, LocalDate LastDay, string TimeZone, Instant Start, Instant End)
{
    public static ReportPeriodView From(ReportPeriod period) => new(period.FirstDay, period.LastDay, period.Zone.Id, period.Start, period.End);

    public ReportPeriod ToDomain() => new(FirstDay, LastDay, CreatorCalendar.ResolveZone(TimeZone));
}

public sealed record PeriodViolationsView(
    int Count,
    int Points,
    IReadOnlyList<ReportViolationView> Items,
    IReadOnlyList<SurfaceGroupView> BySurface,
    IReadOnlyList<PolicyTallyView> MostFrequent,
    IReadOnlyList<DayTallyView> PerDay,
    WeekTrendView Trend)
{
    public static PeriodViolationsView From(PeriodViolations v) => new(
        v.Count,
        v.Points,
        v.Items.Select(ReportViolationView.From).ToList(),
        v.BySurface.Select(SurfaceGroupView.From).ToList(),
        v.MostFrequent.Select(PolicyTallyView.From).ToList(),
        v.PerDay.Select(d => new DayTallyView(d.Date, d.Count, d.Points)).ToList(),
        new WeekTrendView(v.Trend.PreviousCount, v.Trend.PreviousPoints, v.Trend.CountChange, v.Trend.PointsChange));

    public PeriodViolations ToDomain(string creatorId) => new(
        Count,
        Points,
        Items.Select(i => i.ToDomain(creatorId)).ToList(),
        BySurface.Select(g => g.ToDomain()).ToList(),
        MostFrequent.Select(t => t.ToDomain()).ToList(),
        PerDay.Select(d => new DayTally(d.Date, d.Count, d.Points)).ToList(),
        new WeekTrend(Trend.PreviousCount, Trend.PreviousPoints, Trend.CountChange, Trend.PointsChange));
}

public sealed record ReportViolationView(
    string ViolationId, string PolicyCode, Surface Surface, string ContentId, Instant IssuedAt, int Points, string? Message)
{
    public static ReportViolationView From(Violation v) => new(v.Id, v.PolicyCode, v.Surface, v.ContentId, v.IssuedAt, v.Points, v.Message);

    public Violation ToDomain(string creatorId) => new(ViolationId, creatorId, PolicyCode, Surface, ContentId, IssuedAt, Points, Message);
}

public sealed record SurfaceGroupView(Surface Surface, int Count, int Points, IReadOnlyList<PolicyTallyView> ByPolicy)
{
    public static SurfaceGroupView From(SurfaceGroup g) => new(g.Surface, g.Count, g.Points, g.ByPolicy.Select(PolicyTallyView.From).ToList());

    public SurfaceGroup ToDomain() => new(Surface, Count, Points, ByPolicy.Select(t => t.ToDomain()).ToList());
}

/// <param name="Rank">Shared on ties (1, 1, 3).</param>
public sealed record PolicyTallyView(string PolicyCode, string PolicyTitle, int Count, int Points, int Rank)
{
    public static PolicyTallyView From(PolicyTally t) => new(t.PolicyCode, t.PolicyTitle, t.Count, t.Points, t.Rank);

    public PolicyTally ToDomain() => new(PolicyCode, PolicyTitle, Count, Points, Rank);
}

/// <param name="Date">A local day of the period; every day is present, zeros included.</param>
public sealed record DayTallyView(LocalDate Date, int Count, int Points);

public sealed record WeekTrendView(int PreviousCount, int PreviousPoints, int CountChange, int PointsChange);

public sealed record NoticeView(string NoticeId, Surface Surface, string? ContentId, Instant SentAt, string Title, string Body)
{
    public static NoticeView From(Notice n) => new(n.Id, n.Surface, n.ContentId, n.SentAt, n.Title, n.Body);

    public Notice ToDomain(string creatorId) => new(NoticeId, creatorId, Surface, ContentId, SentAt, Title, Body);
}

/// <param name="Alert">What the creator should be warned of now: approaching or at a milestone; null when neither.</param>
public sealed record StandingSummaryView(
    int ActivePoints,
    CurrentMilestoneView? CurrentMilestone,
    MilestoneView? NextMilestone,
    int? PointsToNextMilestone,
    AlertKind? Alert,
    IReadOnlyList<PointsExpiryView> PointsExpiring)
{
    public static StandingSummaryView From(StandingSummary s) => new(
        s.ActivePoints,
        s.CurrentMilestone is { } current
            ? new CurrentMilestoneView(current.Milestone.Key, current.Milestone.Title, current.Milestone.Threshold, current.Milestone.Enforcement, current.ReachedBy, current.RepeatedPolicyCode)
            : null,
        s.NextMilestone is { } next ? MilestoneView.From(next) : null,
        s.PointsToNextMilestone,
        s.Alert,
        s.PointsExpiring.Select(e => new PointsExpiryView(e.Date, e.Points)).ToList());

    public StandingSummary ToDomain() => new(
        ActivePoints,
        CurrentMilestone is { } current
            ? new ReachedMilestone(new Milestone(current.Key, current.Title, current.Threshold, current.Enforcement), current.ReachedBy, current.RepeatedPolicyCode)
            : null,
        NextMilestone is { } next ? new Milestone(next.Key, next.Title, next.Threshold, next.Enforcement) : null,
        PointsToNextMilestone,
        Alert,
        PointsExpiring.Select(e => new PointsExpiry(e.Date, e.Points)).ToList());
}

public sealed record PolicyGuidanceView(string PolicyCode, string PolicyTitle, EducationLinksView Education, IReadOnlyList<QuizOpportunityView> Quizzes)
{
    public static PolicyGuidanceView From(PolicyGuidance g) => new(
        g.PolicyCode,
        g.PolicyTitle,
        new EducationLinksView(g.Education.Article, g.Education.Video, g.Education.Slides),
        g.Quizzes.Select(q => new QuizOpportunityView(q.ViolationId, q.QuizType, q.AttemptsLeft, q.LastDay)).ToList());

    public PolicyGuidance ToDomain() => new(
        PolicyCode,
        PolicyTitle,
        new EducationLinks(Education.Article, Education.Video, Education.Slides),
        Quizzes.Select(q => new QuizOpportunity(q.ViolationId, q.QuizType, q.AttemptsLeft, q.LastDay)).ToList());
}

public sealed record EducationLinksView(Uri Article, Uri? Video, Uri? Slides);

/// <param name="LastDay">The creator's local date of the last day the quiz can be taken.</param>
public sealed record QuizOpportunityView(string ViolationId, string QuizType, int AttemptsLeft, LocalDate LastDay);

/// <summary>A workshop the creator checked in at during the period (reports stored before workshops existed have none).</summary>
public sealed record TrainingAttendanceView(string TrainingId, string Title, string City, Instant StartsAt, Instant EndsAt, string TimeZone, Instant CheckedInAt)
{
    public static TrainingAttendanceView From(TrainingAttendance a) => new(a.TrainingId, a.Title, a.City, a.StartsAt, a.EndsAt, a.TimeZone, a.CheckedInAt);

    public TrainingAttendance ToDomain() => new(TrainingId, Title, City, StartsAt, EndsAt, TimeZone, CheckedInAt);
}
