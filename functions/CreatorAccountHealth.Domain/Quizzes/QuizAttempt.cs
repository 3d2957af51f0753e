using NodaTime;

namespace CreatorAccountHealth.Domain.Quizzes;

/// <summary>An attempt started at a violation's quiz: starting one uses it up, whatever happens next.</summary>
public sealed record QuizAttempt(string AttemptId, string ViolationId, Instant StartedAt);
