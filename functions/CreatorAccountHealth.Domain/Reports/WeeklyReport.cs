using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Reports;

/// <summary>
/// A creator's weekly account health report: what happened in the period, where they stand now, what to do next.
/// Built by <see cref="WeeklyReportBuilder"/> from their history; <see cref="ReportId"/> is the creator's period, so a
/// re-run of the same week finds the report it already made.
/// </summary>
public sealed record WeeklyReport(
    string CreatorId,
    string ReportId,
    ReportPeriod Period,
    Instant Cutoff,
    string? DisplayName,
    PeriodViolations Violations,
    IReadOnlyList<Notice> Notices,
    StandingSummary Standing,
    IReadOnlyList<PolicyGuidance> WhatToDo,
    IReadOnlyList<TrainingAttendance>? TrainingsAttended = null)
{
    /// <summary>Workshops the creator checked in at during the period, earliest first.</summary>
    public IReadOnlyList<TrainingAttendance> Attended => TrainingsAttended ?? [];

    /// <summary>The id of a creator's report for a period: <c>weekly-2026-11-16-2026-11-22</c>.</summary>
    public static string IdFor(ReportPeriod period) => $"weekly-{period.FirstDay:yyyy'-'MM'-'dd}-{period.LastDay:yyyy'-'MM'-'dd}";
}

/// <summary>The period's violations (overturned ones left out), grouped every way the report shows them.</summary>
public sealed record PeriodViolations(
    int Count,
    int Points,
    IReadOnlyList<Violation> Items,
    IReadOnlyList<SurfaceGroup> BySurface,
    IReadOnlyList<PolicyTally> MostFrequent,
    IReadOnlyList<DayTally> PerDay,
    WeekTrend Trend);

/// <summary>One surface's violations, by policy.</summary>
public sealed record SurfaceGroup(Surface Surface, int Count, int Points, IReadOnlyList<PolicyTally> ByPolicy);

/// <summary>How often one policy was broken, and for how many points. <see cref="Rank"/> is shared on ties (1, 1, 3).</summary>
public sealed record PolicyTally(string PolicyCode, string PolicyTitle, int Count, int Points, int Rank);

/// <summary>Violations on one local day of the period (every day present, zeros included: the chart's bars).</summary>
public sealed record DayTally(LocalDate Date, int Count, int Points);

/// <summary>This period against the one before.</summary>
public sealed record WeekTrend(int PreviousCount, int PreviousPoints, int CountChange, int PointsChange);

/// <summary>Standing at the cutoff, with the alert the creator should see now (null when not near a milestone).</summary>
public sealed record StandingSummary(
    int ActivePoints,
    ReachedMilestone? CurrentMilestone,
    Milestone? NextMilestone,
    int? PointsToNextMilestone,
    AlertKind? Alert,
    IReadOnlyList<PointsExpiry> PointsExpiring);

/// <summary>For one policy broken in the period: where to learn about it and which quizzes can still be taken.</summary>
public sealed record PolicyGuidance(string PolicyCode, string PolicyTitle, EducationLinks Education, IReadOnlyList<QuizOpportunity> Quizzes);

/// <param name="LastDay">The creator's local date of the last day the quiz can be taken.</param>
public sealed record QuizOpportunity(string ViolationId, string QuizType, int AttemptsLeft, LocalDate LastDay);
