using System.Text.Json;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Quizzes;

/// <summary>
/// The creator's policy quizzes: list them, start an attempt, answer it. Parse → <see cref="QuizService"/> (pure rules,
/// ETag-guarded ledger) → JSON or problem details.
/// </summary>
public sealed class QuizFunctions(QuizService quizzes, TimeProvider time)
{
    private const int MaxAnswerBodyBytes = 8 * 1024;

    [Function("ListCreatorQuizzes")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{creatorId}/quizzes")] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken) =>
        Reply(creatorId, await quizzes.ListAsync(creatorId, Now(), cancellationToken), JsonResponse.Ok);

    /// <summary>201 with the attempt's id, its expiry and its three questions (options in the attempt's order, no answers).</summary>
    [Function("StartQuizAttempt")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{creatorId}/quizzes/{violationId}/attempts")] HttpRequest request,
        string creatorId,
        string violationId,
        CancellationToken cancellationToken) =>
        Reply(
            creatorId,
            await quizzes.StartAsync(creatorId, violationId, Now(), cancellationToken),
            started => new JsonResponse(started, StatusCodes.Status201Created)
                .WithHeader("Location", $"/api/creators/{Uri.EscapeDataString(creatorId)}/quizzes/{Uri.EscapeDataString(violationId)}/attempts/{started.AttemptId}"));

    /// <summary>
    /// 200 with the attempt as it was shown (same questions, same option order) and its result once graded: a creator who
    /// left the page resumes the attempt instead of spending another try.
    /// </summary>
    [Function("GetQuizAttempt")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{creatorId}/quizzes/{violationId}/attempts/{attemptId}")] HttpRequest request,
        string creatorId,
        string violationId,
        string attemptId,
        CancellationToken cancellationToken) =>
        Reply(creatorId, await quizzes.GetAttemptAsync(creatorId, violationId, attemptId, Now(), cancellationToken), JsonResponse.Ok);

    /// <summary>Body <c>{"answers": [{"questionId", "optionId"}, ...]}</c>; 200 with the result, the same one on every repeat.</summary>
    [Function("SubmitQuizAnswers")]
    public async Task<IActionResult> Answer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "creators/{creatorId}/quizzes/{violationId}/attempts/{attemptId}/answers")] HttpRequest request,
        string creatorId,
        string violationId,
        string attemptId,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBoundedAsync(request, MaxAnswerBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.PayloadTooLarge(MaxAnswerBodyBytes);
        }

        var (answers, problem) = ReadAnswers(body.Value);
        if (problem is not null)
        {
            return problem;
        }

        return Reply(creatorId, await quizzes.AnswerAsync(creatorId, violationId, attemptId, answers!, Now(), cancellationToken), JsonResponse.Ok);
    }

    /// <summary>The answers in the body, or the problem with its shape (which questions and options fit is the grader's call).</summary>
    internal static (IReadOnlyList<QuizAnswer>? Answers, IActionResult? Problem) ReadAnswers(ReadOnlyMemory<byte> body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, Problems.BadRequest("Malformed JSON", """The body must be a JSON object: {"answers": [{"questionId": "...", "optionId": "..."}, ...]}."""));
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("answers", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return (null, Invalid("answers", """Required: an array of {"questionId": "...", "optionId": "..."}, one for each of the attempt's questions."""));
        }

        var answers = new List<QuizAnswer>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("questionId", out var questionId) || questionId.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("optionId", out var optionId) || optionId.ValueKind != JsonValueKind.String)
            {
                return (null, Invalid($"answers[{index}]", """Each answer must be {"questionId": "<string>", "optionId": "<string>"}."""));
            }

            answers.Add(new QuizAnswer(questionId.GetString()!, optionId.GetString()!));
            index++;
        }

        return (answers, null);
    }

    private static JsonResponse Invalid(string field, string error) =>
        Problems.Validation(new Dictionary<string, string[]> { [field] = [error] }, "The answers are invalid.");

    private static IActionResult Reply<T>(string creatorId, QuizReply<T> reply, Func<T, IActionResult> ok)
        where T : class =>
        reply.Problem is { } problem ? QuizProblems.For(problem, creatorId) : ok(reply.Value!);

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
