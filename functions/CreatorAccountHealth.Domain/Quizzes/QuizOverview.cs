using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Quizzes;

/// <summary>
/// Where one violation's quiz stands at <see cref="AsOf"/>: what the quiz list, the start of an attempt and the weekly
/// report all show, decided once here.
/// </summary>
/// <param name="WindowEnd">The first instant the quiz is closed (see <see cref="CreatorCalendar.QuizWindowEnd"/>).</param>
/// <param name="LastDay">The creator's local date of the last day the quiz can be taken.</param>
/// <param name="CannotStart">Null when an attempt may start now; otherwise why not.</param>
/// <param name="PassNow">What a pass now would do about a point (with when the next removal is possible, in a cooldown).</param>
public sealed record QuizStatus(
    Violation Violation,
    PolicyDefinition Policy,
    Instant AsOf,
    int AttemptsUsed,
    Instant WindowEnd,
    LocalDate LastDay,
    QuizRefusal? CannotStart,
    RemovalDecision PassNow,
    QuizAttempt? OpenAttempt = null)
{
    public int AttemptsLeft => Math.Max(0, QuizRules.MaxAttempts - AttemptsUsed);

    public string QuizType => Policy.QuizType;

    public bool CanStart => CannotStart is null;
}

public static class QuizOverview
{
    /// <summary>The quiz of every violation whose policy the catalog still knows, newest violation first.</summary>
    public static IReadOnlyList<QuizStatus> All(CreatorHistory history, PolicyCatalog catalog, Instant now, StandingRules rules) =>
        history.Violations
            .DistinctBy(v => v.Id, StringComparer.Ordinal)
            .Where(v => catalog.TryGet(v.PolicyCode, out _))
            .OrderByDescending(v => v.IssuedAt)
            .ThenBy(v => v.Id, StringComparer.Ordinal)
            .Select(v => For(history, v, catalog.Get(v.PolicyCode), now, rules))
            .ToList();

    /// <summary>The quiz of one violation. Attempts count from their start; only those started by <paramref name="now"/>.</summary>
    public static QuizStatus For(CreatorHistory history, Violation violation, PolicyDefinition policy, Instant now, StandingRules rules)
    {
        var zone = CreatorCalendar.ZoneOf(history.Profile);
        var used = history.Attempts.Count(a => a.ViolationId == violation.Id && a.StartedAt <= now);
        var overturned = history.Overturns.Any(o => o.ViolationId == violation.Id);
        var windowEnd = CreatorCalendar.QuizWindowEnd(violation.IssuedAt, zone);
        return new QuizStatus(
            violation,
            policy,
            now,
            used,
            windowEnd,
            CreatorCalendar.LocalDateOf(windowEnd, zone).PlusDays(-1),
            QuizRules.CanStartAttempt(violation.IssuedAt, overturned, used, now, zone),
            PointRemovalRules.Decide(history, violation.Id, policy.QuizType, now, rules),
            history.Attempts.Where(a => a.ViolationId == violation.Id && a.IsOpenAt(now)).MaxBy(a => a.StartedAt));
    }
}
