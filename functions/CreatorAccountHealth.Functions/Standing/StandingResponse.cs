using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Functions.Standing;

/// <summary>The JSON of <c>GET /api/creators/{creatorId}/standing</c>.</summary>
public sealed record StandingResponse(
    string CreatorId,
    Instant AsOf,
    string TimeZone,
    int ActivePoints,
    CurrentMilestoneView? CurrentMilestone,
    MilestoneView? NextMilestone,
    int? PointsToNextMilestone,
    IReadOnlyList<ActiveViolationView> ActiveViolations,
    IReadOnlyList<PointsExpiryView> PointsExpiring,
    IReadOnlyList<RepeatedPolicyView> RepeatedPolicies)
{
    public static StandingResponse From(CreatorStanding standing, PolicyCatalog catalog) => new(
        standing.CreatorId,
        standing.AsOf,
        standing.Zone.Id,
        standing.ActivePoints,
        standing.CurrentMilestone is { } current
            ? new CurrentMilestoneView(current.Milestone.Key, current.Milestone.Title, current.Milestone.Threshold, current.Milestone.Enforcement, current.ReachedBy, current.RepeatedPolicyCode)
            : null,
        standing.NextMilestone is { } next ? MilestoneView.From(next) : null,
        standing.PointsToNextMilestone,
        standing.ActiveViolations.Select(a => new ActiveViolationView(
            a.Violation.Id,
            a.Violation.PolicyCode,
            catalog.TryGet(a.Violation.PolicyCode, out var policy) ? policy.Title : a.Violation.PolicyCode,
            a.Violation.Surface.ToWireName(),
            a.Violation.ContentId,
            a.ActivePoints,
            a.Violation.IssuedAt,
            a.ExpiresAt)).ToList(),
        standing.PointsExpiring.Select(e => new PointsExpiryView(e.Date, e.Points)).ToList(),
        standing.RepeatedPolicies.Select(r => new RepeatedPolicyView(r.PolicyCode, r.Count)).ToList());
}

public sealed record MilestoneView(string Key, string Title, int Threshold, string Enforcement)
{
    public static MilestoneView From(Milestone m) => new(m.Key, m.Title, m.Threshold, m.Enforcement);
}

public sealed record CurrentMilestoneView(string Key, string Title, int Threshold, string Enforcement, MilestoneReason ReachedBy, string? RepeatedPolicyCode);

public sealed record ActiveViolationView(
    string ViolationId,
    string PolicyCode,
    string PolicyTitle,
    string Surface,
    string ContentId,
    int Points,
    Instant IssuedAt,
    Instant ExpiresAt);

/// <param name="Date">The creator's local date on which the points expire.</param>
public sealed record PointsExpiryView(LocalDate Date, int Points);

public sealed record RepeatedPolicyView(string PolicyCode, int Count);
