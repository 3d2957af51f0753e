using CreatorAccountHealth.Domain.Quizzes;
using NodaTime;

namespace CreatorAccountHealth.Functions.Quizzes;

/// <summary>Settings section <c>Quizzes</c>.</summary>
public sealed class QuizOptions
{
    public const string SectionName = "Quizzes";

    /// <summary><c>Quizzes__PassMark</c>: correct answers (of the three) needed to pass.</summary>
    public int PassMark { get; set; } = QuizRules.QuestionsPerAttempt;

    /// <summary><c>Quizzes__AttemptExpiryMinutes</c>: how long after its start an attempt can be answered.</summary>
    public int AttemptExpiryMinutes { get; set; } = 30;

    public Duration AnswerWithin => Duration.FromMinutes(AttemptExpiryMinutes);
}
