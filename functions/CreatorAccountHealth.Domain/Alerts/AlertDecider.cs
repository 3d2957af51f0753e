using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using NodaTime;

namespace CreatorAccountHealth.Domain.Alerts;

public sealed record AlertDecision(IReadOnlyList<MilestoneAlert> Alerts, AlertState State);

/// <summary>
/// Decides milestone alerts from a creator's standing just before and just after an event (both at the same instant),
/// and the alerts already sent. A pure function.
/// <para>
/// An alert re-arms only once the standing is below it, in either snapshot: "before" sees what expiries, overturns and
/// quiz removals did since the last event, so falling back and rising again fires anew, while a repeated or
/// later event that changes nothing never does.
/// </para>
/// </summary>
public static class AlertDecider
{
    public static AlertDecision Decide(
        CreatorStanding before, CreatorStanding after, AlertState state, StandingRules rules, int approachWithinPoints, PolicyCatalog catalog)
    {
        var alerts = new List<MilestoneAlert>();
        var ladder = rules.Ladder.Milestones;

        // Reached: re-arm below, fire once when at or past. A jump over several milestones sends one alert, for the
        // highest, and spends the lower ones too so they don't fire later on the way down and up.
        MilestoneAlert? reachedAlert = null;
        foreach (var milestone in ladder)
        {
            var arming = state.For(milestone.Key, AlertKind.Reached);
            var armed = arming.Armed || !Reached(milestone, before) || !Reached(milestone, after);
            if (Reached(milestone, after) && armed)
            {
                arming = arming with { Armed = false, Episodes = arming.Episodes + 1 };
                reachedAlert = Alert(after, AlertKind.Reached, milestone, arming.Episodes, catalog);
            }
            else
            {
                arming = arming with { Armed = armed };
            }

            state = state.With(arming);
        }

        if (reachedAlert is not null)
        {
            alerts.Add(reachedAlert);
        }

        // Approaching: re-arm once below the approach zone, fire once inside it.
        foreach (var milestone in ladder)
        {
            var arming = state.For(milestone.Key, AlertKind.Approaching);
            var armed = arming.Armed || BelowZone(milestone, before, approachWithinPoints) || BelowZone(milestone, after, approachWithinPoints);
            var approaching = after.NextMilestone == milestone && after.PointsToNextMilestone <= approachWithinPoints && !Reached(milestone, after);
            if (approaching && armed)
            {
                arming = arming with { Armed = false, Episodes = arming.Episodes + 1 };
                alerts.Add(Alert(after, AlertKind.Approaching, milestone, arming.Episodes, catalog));
            }
            else
            {
                arming = arming with { Armed = armed };
            }

            state = state.With(arming);
        }

        return new AlertDecision(alerts, state);
    }

    private static bool Reached(Milestone milestone, CreatorStanding standing) =>
        standing.CurrentMilestone is { } current && current.Milestone.Threshold >= milestone.Threshold;

    private static bool BelowZone(Milestone milestone, CreatorStanding standing, int within) =>
        !Reached(milestone, standing) && standing.ActivePoints < milestone.Threshold - within;

    private static MilestoneAlert Alert(CreatorStanding standing, AlertKind kind, Milestone milestone, int episode, PolicyCatalog catalog)
    {
        var causedBy = standing.ActiveViolations.OrderByDescending(a => a.Violation.IssuedAt).ToList();
        var quizzes = causedBy
            .Select(a => (a.Violation, Until: CreatorCalendar.QuizWindowEnd(a.Violation.IssuedAt, standing.Zone)))
            .Where(q => standing.AsOf < q.Until && catalog.TryGet(q.Violation.PolicyCode, out _))
            .Select(q => new QuizSuggestion(q.Violation.Id, q.Violation.PolicyCode, catalog.Get(q.Violation.PolicyCode).QuizType, q.Until))
            .ToList();
        var reached = kind == AlertKind.Reached ? standing.CurrentMilestone : null;
        return new MilestoneAlert(
            standing.CreatorId,
            kind,
            milestone,
            episode,
            reached?.ReachedBy,
            reached?.RepeatedPolicyCode,
            standing.ActivePoints,
            Math.Max(0, milestone.Threshold - standing.ActivePoints),
            standing.AsOf,
            causedBy,
            quizzes,
            standing.PointsExpiring);
    }
}
