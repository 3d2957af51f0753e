using CreatorAccountHealth.Domain.Time;
using NodaTime;

namespace CreatorAccountHealth.Domain.Quizzes;

/// <summary>Why a quiz attempt can't be started now.</summary>
public enum QuizRefusal
{
    NoAttemptsLeft,
    WindowClosed,
    Overturned,
}

/// <summary>
/// The fixed limits of policy quizzes: three tries per quiz (starting one uses it up), open from the violation until
/// the end of the last day of the following month in the creator's zone, and one point per quiz type every 30
/// calendar days.
/// </summary>
public static class QuizRules
{
    public const int MaxAttempts = 3;

    public const int QuestionsPerAttempt = 3;

    /// <summary>Calendar days, in the creator's zone, between two point removals by quizzes of the same type.</summary>
    public const int RemovalCooldownDays = 30;

    /// <summary>Null when an attempt may start now; otherwise the reason it may not.</summary>
    public static QuizRefusal? CanStartAttempt(Instant issuedAt, bool overturned, int attemptsUsed, Instant now, DateTimeZone zone)
    {
        if (overturned)
        {
            return QuizRefusal.Overturned;
        }

        if (now >= CreatorCalendar.QuizWindowEnd(issuedAt, zone))
        {
            return QuizRefusal.WindowClosed;
        }

        return attemptsUsed >= MaxAttempts ? QuizRefusal.NoAttemptsLeft : null;
    }

    /// <summary>
    /// The first instant a quiz of the same type may remove a point again after a removal at <paramref name="removedAt"/>:
    /// the start of the 30th local day after the removal's day (removed on 1 January → again from 31 January, 00:00).
    /// </summary>
    public static Instant NextRemovalPossibleAt(Instant removedAt, DateTimeZone zone) =>
        CreatorCalendar.LocalDateOf(removedAt, zone).PlusDays(RemovalCooldownDays).AtStartOfDayInZone(zone).ToInstant();

    /// <summary>An attempt must be answered before <paramref name="startedAt"/> + <paramref name="answerWithin"/>; from then on it is expired.</summary>
    public static Instant AttemptExpiresAt(Instant startedAt, Duration answerWithin) => startedAt + answerWithin;
}
