using NodaTime;

namespace CreatorAccountHealth.Domain.Quizzes;

/// <summary>An attempt started at a violation's quiz: starting one uses it up, whatever happens next.</summary>
/// <param name="AnswerBy">The first instant the attempt can no longer be answered.</param>
/// <param name="GradedAt">When it was answered and graded; null while it is not.</param>
public sealed record QuizAttempt(string AttemptId, string ViolationId, Instant StartedAt, Instant? AnswerBy = null, Instant? GradedAt = null)
{
    /// <summary>Started, not answered, and still answerable at <paramref name="now"/>: the one a creator who left the page resumes.</summary>
    public bool IsOpenAt(Instant now) => StartedAt <= now && GradedAt is null && AnswerBy > now;
}
