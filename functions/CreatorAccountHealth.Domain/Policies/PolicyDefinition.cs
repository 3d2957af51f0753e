namespace CreatorAccountHealth.Domain.Policies;

/// <summary>How serious a policy breach is; the catalog maps each severity to a band of points.</summary>
public enum Severity
{
    Minor,
    Moderate,
    Serious,
    Severe,
}

/// <summary>Where a creator learns about a policy: an article always, a video and slides where they exist.</summary>
public sealed record EducationLinks(Uri Article, Uri? Video, Uri? Slides);

public sealed record QuizOption(string Id, string Text);

/// <summary>One multiple-choice question of a policy's quiz bank, with the explanation shown after grading.</summary>
public sealed record QuizQuestion(
    string Id,
    string Text,
    IReadOnlyList<QuizOption> Options,
    string CorrectOptionId,
    string Explanation);

/// <summary>A platform policy as the catalog defines it.</summary>
/// <param name="QuizType">Quizzes that share a type share the one-point-per-30-days limit.</param>
public sealed record PolicyDefinition(
    string Code,
    string Title,
    string Summary,
    Severity Severity,
    int Points,
    string QuizType,
    EducationLinks Education,
    IReadOnlyList<QuizQuestion> QuizBank);
