using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Quizzes;

/// <summary>Each quiz refusal as problem details: 404 for what isn't there, 409 (with a <c>reason</c>) for what the quiz's state refuses, 400 for answers that don't fit.</summary>
public static class QuizProblems
{
    public static JsonResponse For(QuizProblem problem, string creatorId) => problem.Kind switch
    {
        QuizProblemKind.UnknownCreator => Problems.UnknownCreator(creatorId),
        QuizProblemKind.UnknownViolation => Problems.NotFound("Unknown violation", problem.Detail),
        QuizProblemKind.NoQuizForPolicy => Problems.NotFound("No quiz for this violation", problem.Detail),
        QuizProblemKind.UnknownAttempt => Problems.NotFound("Unknown attempt", problem.Detail),
        QuizProblemKind.Overturned => Problems.Conflict("overturned", "Quiz closed: violation overturned", problem.Detail),
        QuizProblemKind.WindowClosed => Problems.Conflict("windowClosed", "Quiz window closed", problem.Detail),
        QuizProblemKind.NoAttemptsLeft => Problems.Conflict("noAttemptsLeft", "No attempts left", problem.Detail),
        QuizProblemKind.AttemptExpired => Problems.Conflict("attemptExpired", "Attempt expired", problem.Detail),
        QuizProblemKind.AnswersDontFit => Problems.Validation(problem.Errors ?? new Dictionary<string, string[]>(), problem.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(problem), problem.Kind, "Unmapped quiz refusal."),
    };
}
