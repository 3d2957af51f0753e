using NodaTime;

namespace CreatorAccountHealth.Domain.Standing;

/// <summary>Breaking the same policy <see cref="Count"/> times within <see cref="Window"/> reaches <see cref="MilestoneKey"/>, whatever the points.</summary>
public sealed record RepeatViolationRule(int Count, Duration Window, string MilestoneKey);

/// <summary>The tunable rules of standing.</summary>
/// <param name="PointsActiveFor">How long a violation's points count after issue.</param>
public sealed record StandingRules(Duration PointsActiveFor, MilestoneLadder Ladder, RepeatViolationRule RepeatRule)
{
    public static StandingRules Default { get; } = new(
        Duration.FromDays(90),
        MilestoneLadder.Default,
        new RepeatViolationRule(6, Duration.FromDays(90), "permanent-removal"));
}
