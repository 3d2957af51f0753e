using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Violations;

namespace CreatorAccountHealth.Domain.Creators;

/// <summary>Everything recorded for one creator that the rules read. The order of the lists carries no meaning.</summary>
public sealed record CreatorHistory(
    string CreatorId,
    CreatorProfile? Profile,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<Overturn> Overturns,
    IReadOnlyList<Notice> Notices,
    IReadOnlyList<PointRemoval>? PointRemovals = null,
    IReadOnlyList<TrainingAttendance>? TrainingAttendances = null,
    IReadOnlyList<QuizAttempt>? QuizAttempts = null)
{
    /// <summary>Workshops the creator checked in at.</summary>
    public IReadOnlyList<TrainingAttendance> Attended => TrainingAttendances ?? [];

    /// <summary>Points taken off by passed quizzes.</summary>
    public IReadOnlyList<PointRemoval> Removals => PointRemovals ?? [];

    /// <summary>Quiz attempts started, graded or not.</summary>
    public IReadOnlyList<QuizAttempt> Attempts => QuizAttempts ?? [];

    public static CreatorHistory Empty(string creatorId) => new(creatorId, null, [], [], []);

    /// <summary>True when nothing at all has been recorded for the creator.</summary>
    public bool IsUnknown => Profile is null && Violations.Count == 0 && Overturns.Count == 0 && Notices.Count == 0;
}
