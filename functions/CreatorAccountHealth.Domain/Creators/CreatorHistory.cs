using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Creators;

/// <summary>Everything recorded for one creator that the rules read. The order of the lists carries no meaning.</summary>
/// <param name="ArchivedViolationsUntil">Violations issued up to this instant may be left out of <see cref="Violations"/>
/// (they are in the account's archive, read only by the rules that look back that far); null when none are.</param>
public sealed record CreatorHistory(
    string CreatorId,
    CreatorProfile? Profile,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<Overturn> Overturns,
    IReadOnlyList<Notice> Notices,
    IReadOnlyList<PointRemoval>? PointRemovals = null,
    IReadOnlyList<TrainingAttendance>? TrainingAttendances = null,
    IReadOnlyList<QuizAttempt>? QuizAttempts = null,
    Instant? ArchivedViolationsUntil = null)
{
    /// <summary>Workshops the creator checked in at.</summary>
    public IReadOnlyList<TrainingAttendance> Attended => TrainingAttendances ?? [];

    /// <summary>Points taken off by passed quizzes.</summary>
    public IReadOnlyList<PointRemoval> Removals => PointRemovals ?? [];

    /// <summary>Quiz attempts started, graded or not.</summary>
    public IReadOnlyList<QuizAttempt> Attempts => QuizAttempts ?? [];

    public static CreatorHistory Empty(string creatorId) => new(creatorId, null, [], [], []);

    /// <summary>Whether any violation at all was recorded (archived ones included).</summary>
    public bool HasViolations => Violations.Count > 0 || ArchivedViolationsUntil is not null;

    /// <summary>True when nothing at all has been recorded for the creator.</summary>
    public bool IsUnknown => Profile is null && !HasViolations && Overturns.Count == 0 && Notices.Count == 0;
}
