using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using NodaTime;

namespace CreatorAccountHealth.Domain.Quizzes;

public enum RemovalOutcome
{
    /// <summary>One point came off the violation.</summary>
    Removed,

    /// <summary>The violation has no points left (expired, overturned or already removed): the pass counts for learning only.</summary>
    NoPointsLeft,

    /// <summary>A quiz of the same type removed a point less than 30 calendar days ago; the pass is recorded.</summary>
    Cooldown,
}

/// <param name="NextPossibleAt">With <see cref="RemovalOutcome.Cooldown"/>: when a pass of this quiz type can remove a point again.</param>
public sealed record RemovalDecision(RemovalOutcome Outcome, Instant? NextPossibleAt);

/// <summary>Whether passing a quiz removes a point now: a pure function of the history and the time of the pass.</summary>
public static class PointRemovalRules
{
    public static RemovalDecision Decide(CreatorHistory history, string violationId, string quizType, Instant passedAt, StandingRules rules)
    {
        var standing = StandingCalculator.Calculate(history, passedAt, rules);
        if (!standing.ActiveViolations.Any(a => a.Violation.Id == violationId))
        {
            return new RemovalDecision(RemovalOutcome.NoPointsLeft, null);
        }

        var zone = CreatorCalendar.ZoneOf(history.Profile);
        var lastOfType = history.Removals.Where(r => r.QuizType == quizType && r.RemovedAt <= passedAt).MaxBy(r => r.RemovedAt);
        if (lastOfType is not null)
        {
            var next = QuizRules.NextRemovalPossibleAt(lastOfType.RemovedAt, zone);
            if (passedAt < next)
            {
                return new RemovalDecision(RemovalOutcome.Cooldown, next);
            }
        }

        return new RemovalDecision(RemovalOutcome.Removed, null);
    }
}
