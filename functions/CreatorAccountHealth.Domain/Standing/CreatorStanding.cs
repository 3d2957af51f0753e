using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Standing;

public enum MilestoneReason
{
    /// <summary>Active points reached the milestone's threshold.</summary>
    Points,

    /// <summary>The repeat rule: the same policy broken too often within its window.</summary>
    RepeatViolations,
}

/// <param name="RepeatedPolicyCode">The policy that triggered the repeat rule, when that is the reason.</param>
public sealed record ReachedMilestone(Milestone Milestone, MilestoneReason ReachedBy, string? RepeatedPolicyCode);

/// <summary>A violation whose points still count, with how many still count and until when.</summary>
public sealed record ActiveViolation(Violation Violation, int ActivePoints, Instant ExpiresAt);

/// <summary>On <see cref="Date"/> (the creator's local date), <see cref="Points"/> active points expire.</summary>
public sealed record PointsExpiry(LocalDate Date, int Points);

/// <summary>How often one policy was broken inside the repeat rule's window.</summary>
public sealed record RepeatedPolicy(string PolicyCode, int Count);

/// <summary>Where a creator stands at <see cref="AsOf"/>.</summary>
public sealed record CreatorStanding(
    string CreatorId,
    Instant AsOf,
    DateTimeZone Zone,
    int ActivePoints,
    ReachedMilestone? CurrentMilestone,
    Milestone? NextMilestone,
    int? PointsToNextMilestone,
    IReadOnlyList<ActiveViolation> ActiveViolations,
    IReadOnlyList<PointsExpiry> PointsExpiring,
    IReadOnlyList<RepeatedPolicy> RepeatedPolicies);
