using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Standing;

/// <summary>Computes a creator's standing from their recorded history and the time: a pure function.</summary>
public static class StandingCalculator
{
    public static CreatorStanding Calculate(CreatorHistory history, Instant now, StandingRules rules)
    {
        var zone = CreatorCalendar.ZoneOf(history.Profile);
        var counted = CountedViolations(history);
        var removed = history.Removals.Where(r => r.RemovedAt <= now).GroupBy(r => r.ViolationId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        // A violation stamped slightly in our future (clock skew between systems) has been issued: it counts now.
        var active = counted
            .Select(v => new ActiveViolation(
                v,
                Math.Max(0, v.Points - removed.GetValueOrDefault(v.Id)),
                CreatorCalendar.PointsExpireAt(v.IssuedAt, rules.PointsActiveFor)))
            .Where(a => a.ExpiresAt > now && a.ActivePoints > 0)
            .OrderBy(a => a.ExpiresAt)
            .ThenBy(a => a.Violation.Id, StringComparer.Ordinal)
            .ToList();

        var activePoints = active.Sum(a => a.ActivePoints);

        var repeatWindowStart = now - rules.RepeatRule.Window;
        var repeated = counted
            .Where(v => v.IssuedAt > repeatWindowStart)
            .GroupBy(v => v.PolicyCode, StringComparer.Ordinal)
            .Select(g => new RepeatedPolicy(g.Key, g.Count()))
            .Where(r => r.Count > 1)
            .OrderByDescending(r => r.Count)
            .ThenBy(r => r.PolicyCode, StringComparer.Ordinal)
            .ToList();

        var current = CurrentMilestone(activePoints, repeated, rules);
        var floor = Math.Max(activePoints, current?.Milestone.Threshold ?? 0);
        var next = rules.Ladder.NextAbove(floor);

        var expiring = active
            .GroupBy(a => CreatorCalendar.LocalDateOf(a.ExpiresAt, zone))
            .Select(g => new PointsExpiry(g.Key, g.Sum(a => a.ActivePoints)))
            .OrderBy(e => e.Date)
            .ToList();

        return new CreatorStanding(
            history.CreatorId,
            now,
            zone,
            activePoints,
            current,
            next,
            next is null ? null : next.Threshold - activePoints,
            active,
            expiring,
            repeated);
    }

    /// <summary>Violations that can count at all: not overturned, each violation id once.</summary>
    public static IReadOnlyList<Violation> CountedViolations(CreatorHistory history)
    {
        var overturned = history.Overturns.Select(o => o.ViolationId).ToHashSet(StringComparer.Ordinal);
        return history.Violations
            .DistinctBy(v => v.Id, StringComparer.Ordinal)
            .Where(v => !overturned.Contains(v.Id))
            .ToList();
    }

    private static ReachedMilestone? CurrentMilestone(int activePoints, IReadOnlyList<RepeatedPolicy> repeated, StandingRules rules)
    {
        var byPoints = rules.Ladder.ReachedAt(activePoints) is { } m ? new ReachedMilestone(m, MilestoneReason.Points, null) : null;

        var repeatMilestone = rules.Ladder.Find(rules.RepeatRule.MilestoneKey);
        var worst = repeated.FirstOrDefault(r => r.Count >= rules.RepeatRule.Count);
        var byRepeat = repeatMilestone is not null && worst is not null
            ? new ReachedMilestone(repeatMilestone, MilestoneReason.RepeatViolations, worst.PolicyCode)
            : null;

        // The more severe wins; on a tie, points are the simpler explanation to give the creator.
        if (byRepeat is null)
        {
            return byPoints;
        }

        return byPoints is not null && byPoints.Milestone.Threshold >= byRepeat.Milestone.Threshold ? byPoints : byRepeat;
    }
}
