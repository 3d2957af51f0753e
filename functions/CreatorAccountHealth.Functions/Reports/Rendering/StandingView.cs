using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Email;
using static CreatorAccountHealth.Functions.Email.EmailFormat;

namespace CreatorAccountHealth.Functions.Reports.Rendering;

/// <summary>The report's "where you stand now" section, worded.</summary>
/// <param name="Alert">"reached", "approaching" or null: picks the alert block and its colours.</param>
/// <param name="ProgressPercent">Active points as a share of the next milestone's threshold (100 at the top of the ladder).</param>
public sealed record StandingView(
    int ActivePoints,
    string ActivePointsText,
    string? CurrentMilestoneTitle,
    string? CurrentMilestoneEnforcement,
    string? NextMilestoneTitle,
    int? NextMilestoneThreshold,
    string? PointsToNextText,
    int ProgressPercent,
    string? Alert,
    string? AlertTitle,
    string? AlertText,
    IReadOnlyList<ExpiryLine> Expiries)
{
    public static StandingView From(WeeklyReport report, CreatorCulture culture)
    {
        var standing = report.Standing;
        var current = standing.CurrentMilestone;
        var next = standing.NextMilestone;
        return new StandingView(
            standing.ActivePoints,
            Points(standing.ActivePoints),
            current?.Milestone.Title,
            current?.Milestone.Enforcement,
            next?.Title,
            next?.Threshold,
            standing.PointsToNextMilestone is { } away ? Points(away) : null,
            next is null ? 100 : Math.Clamp(standing.ActivePoints * 100 / next.Threshold, 0, 100),
            standing.Alert switch
            {
                AlertKind.Reached => "reached",
                AlertKind.Approaching => "approaching",
                _ => null,
            },
            AlertHeadline(standing) is { } headline ? UpperFirst(headline) : null,
            DescribeAlert(report),
            standing.PointsExpiring.OrderBy(e => e.Date).Select(e => new ExpiryLine(culture.Date(e.Date), Points(e.Points))).ToList());
    }

    /// <summary>"you've reached a formal warning", "you're 2 points from a 7-day suspension"; null with no alert.</summary>
    public static string? AlertHeadline(StandingSummary standing) => standing.Alert switch
    {
        AlertKind.Reached when standing.CurrentMilestone is { } current => $"you've reached a {LowerFirst(current.Milestone.Title)}",
        AlertKind.Approaching when standing is { NextMilestone: { } next, PointsToNextMilestone: { } away } =>
            $"you're {Points(away)} from a {LowerFirst(next.Title)}",
        _ => null,
    };

    /// <summary>Why the alert is there and what comes next; the milestone's own enforcement is shown beside it.</summary>
    private static string? DescribeAlert(WeeklyReport report)
    {
        var standing = report.Standing;
        switch (standing.Alert)
        {
            case AlertKind.Reached when standing.CurrentMilestone is { } current:
                var why = current.ReachedBy == MilestoneReason.RepeatViolations
                    ? $"You've broken the {PolicyTitle(report, current.RepeatedPolicyCode)} policy repeatedly, and repeat violations reach this milestone whatever your points."
                    : $"You have {Points(standing.ActivePoints)} active, and a {LowerFirst(current.Milestone.Title)} starts at {current.Milestone.Threshold}.";
                var next = standing is { NextMilestone: { } nextMilestone, PointsToNextMilestone: { } away }
                    ? $" Another {Points(away)} would bring a {LowerFirst(nextMilestone.Title)}."
                    : "";
                return why + next;
            case AlertKind.Approaching when standing is { NextMilestone: { } milestone, PointsToNextMilestone: { } pointsAway }:
                return $"Another {Points(pointsAway)} would reach it. {milestone.Enforcement}";
            default:
                return null;
        }
    }

    private static string PolicyTitle(WeeklyReport report, string? code) =>
        report.Violations.MostFrequent.FirstOrDefault(t => t.PolicyCode == code)?.PolicyTitle
        ?? report.WhatToDo.FirstOrDefault(g => g.PolicyCode == code)?.PolicyTitle
        ?? code
        ?? "same";

    private static string UpperFirst(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
