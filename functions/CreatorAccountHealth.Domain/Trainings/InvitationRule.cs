using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using NodaTime;

namespace CreatorAccountHealth.Domain.Trainings;

/// <summary>
/// Who a workshop invites by their standing: <c>{"policyCodes": [...], "withinDays": N}</c> matches a creator with a
/// violation (not overturned) of any of those policies issued in the last N×24 hours; <c>{"milestone": "key"}</c> matches a
/// creator whose current milestone (by points or the repeat rule) is that one or a higher one. When both are given, a
/// creator must match both.
/// </summary>
public sealed record InvitationRule(IReadOnlyList<string>? PolicyCodes, int? WithinDays, string? Milestone)
{
    public const int MaxWithinDays = 365;

    /// <summary>Problems with the rule, keyed by JSON field (under <c>rule.</c>); empty when it can be evaluated.</summary>
    public IReadOnlyDictionary<string, string[]> Problems(StandingRules rules, Func<string, bool> isKnownPolicy)
    {
        var errors = new Dictionary<string, string[]>();
        if (PolicyCodes is null && WithinDays is null && Milestone is null)
        {
            errors["rule"] = ["Give policyCodes with withinDays, a milestone, or both."];
            return errors;
        }

        if (PolicyCodes is not null || WithinDays is not null)
        {
            if (PolicyCodes is null || PolicyCodes.Count == 0)
            {
                errors["rule.policyCodes"] = ["Required with withinDays: a non-empty list of policy codes."];
            }
            else if (PolicyCodes.Where(c => !isKnownPolicy(c)).ToList() is { Count: > 0 } unknown)
            {
                errors["rule.policyCodes"] = [$"Not in the policy catalog: {string.Join(", ", unknown.Select(c => $"'{c}'"))}."];
            }

            if (WithinDays is null or < 1 or > MaxWithinDays)
            {
                errors["rule.withinDays"] = [$"Required with policyCodes: from 1 to {MaxWithinDays}."];
            }
        }

        if (Milestone is not null && rules.Ladder.Find(Milestone) is null)
        {
            errors["rule.milestone"] = [$"'{Milestone}' is not a milestone; one of {string.Join(", ", rules.Ladder.Milestones.Select(m => m.Key))}."];
        }

        return errors;
    }

    /// <summary>
    /// How far back a matching creator must have had activity (a violation, an overturn, a notice), so candidates can be
    /// taken from the activity index: a recent violation within <see cref="WithinDays"/>; a milestone needs active points
    /// (their window) or the repeat rule (its window).
    /// </summary>
    public Duration Lookback(StandingRules rules)
    {
        var lookback = Duration.Zero;
        if (WithinDays is { } days)
        {
            lookback = Duration.FromDays(days);
        }

        if (Milestone is not null)
        {
            lookback = Duration.Max(lookback, Duration.Max(rules.PointsActiveFor, rules.RepeatRule.Window));
        }

        return lookback;
    }

    public bool Matches(CreatorHistory history, Instant now, StandingRules rules)
    {
        if (PolicyCodes is not null && WithinDays is { } days)
        {
            var since = now - Duration.FromDays(days);
            var recent = StandingCalculator.CountedViolations(history)
                .Any(v => v.IssuedAt > since && v.IssuedAt <= now && PolicyCodes.Contains(v.PolicyCode, StringComparer.Ordinal));
            if (!recent)
            {
                return false;
            }
        }

        if (Milestone is not null)
        {
            var wanted = rules.Ladder.Find(Milestone);
            var current = StandingCalculator.Calculate(history, now, rules).CurrentMilestone;
            if (wanted is null || current is null || current.Milestone.Threshold < wanted.Threshold)
            {
                return false;
            }
        }

        return true;
    }
}
