using CreatorAccountHealth.Domain.Standing;
using NodaTime;

namespace CreatorAccountHealth.Domain.Alerts;

public enum AlertKind
{
    /// <summary>Within the configured distance of the next milestone.</summary>
    Approaching,

    /// <summary>At or past a milestone.</summary>
    Reached,
}

/// <summary>A quiz the creator could take now to remove a point from one of the violations behind the alert.</summary>
public sealed record QuizSuggestion(string ViolationId, string PolicyCode, string QuizType, Instant AvailableUntil);

/// <summary>An alert decided from a creator's standing: what happened, what it brings, and what the creator can do.</summary>
/// <param name="Episode">1 for the first time this milestone and kind fired, 2 after the standing fell back and rose again, …</param>
/// <param name="CausedBy">The active violations behind the alert, most recent first.</param>
public sealed record MilestoneAlert(
    string CreatorId,
    AlertKind Kind,
    Milestone Milestone,
    int Episode,
    MilestoneReason? ReachedBy,
    string? RepeatedPolicyCode,
    int ActivePoints,
    int PointsAway,
    Instant DecidedAt,
    IReadOnlyList<ActiveViolation> CausedBy,
    IReadOnlyList<QuizSuggestion> Quizzes,
    IReadOnlyList<PointsExpiry> PointsExpiring);
