namespace CreatorAccountHealth.Domain.Quizzes;

/// <summary>The fixed limits of policy quizzes.</summary>
public static class QuizRules
{
    /// <summary>A quiz can be attempted this many times; starting an attempt uses it up.</summary>
    public const int MaxAttempts = 3;
}
