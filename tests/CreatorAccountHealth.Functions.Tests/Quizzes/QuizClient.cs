using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Tests.Integration;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Quizzes;

/// <summary>Calls the quiz functions as the host would, and answers an attempt right or wrong from the shipped catalog.</summary>
internal sealed class QuizClient(AppHarness app)
{
    private PolicyCatalog Catalog => app.Services.GetRequiredService<PolicyCatalog>();

    public async Task<AppHarness.Response> ListAsync(string creatorId)
    {
        var context = app.Request(HttpMethods.Get);
        return await app.InvokeAsync<QuizFunctions>(context, (f, r) => f.List(r, creatorId, CancellationToken.None));
    }

    public async Task<AppHarness.Response> StartAsync(string creatorId, string violationId)
    {
        var context = app.Request(HttpMethods.Post);
        return await app.InvokeAsync<QuizFunctions>(context, (f, r) => f.Start(r, creatorId, violationId, CancellationToken.None));
    }

    public async Task<AppHarness.Response> GetAttemptAsync(string creatorId, string violationId, string attemptId)
    {
        var context = app.Request(HttpMethods.Get);
        return await app.InvokeAsync<QuizFunctions>(context, (f, r) => f.Get(r, creatorId, violationId, attemptId, CancellationToken.None));
    }

    public async Task<AppHarness.Response> AnswerAsync(string creatorId, string violationId, string attemptId, string body)
    {
        var context = app.Request(HttpMethods.Post, Encoding.UTF8.GetBytes(body));
        return await app.InvokeAsync<QuizFunctions>(context, (f, r) => f.Answer(r, creatorId, violationId, attemptId, CancellationToken.None));
    }

    public async Task<int> ActivePointsAsync(string creatorId)
    {
        var context = app.Request(HttpMethods.Get);
        var response = await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, creatorId, CancellationToken.None));
        return response.Json.GetProperty("activePoints").GetInt32();
    }

    /// <summary>The body answering a started attempt: every question right, or the first one wrong.</summary>
    public string Answers(AppHarness.Response started, string policyCode, bool allCorrect = true) =>
        Body(Questions(started).Select((q, i) => (q.QuestionId, allCorrect || i > 0 ? Correct(policyCode, q.QuestionId) : Wrong(q))));

    public static string Body(IEnumerable<(string QuestionId, string OptionId)> answers) =>
        new JsonObject
        {
            ["answers"] = new JsonArray(answers.Select(a => (JsonNode)new JsonObject { ["questionId"] = a.QuestionId, ["optionId"] = a.OptionId }).ToArray()),
        }.ToJsonString();

    public static IReadOnlyList<(string QuestionId, IReadOnlyList<string> Options)> Questions(AppHarness.Response started) =>
        started.Json.GetProperty("questions").EnumerateArray()
            .Select(q => (q.GetProperty("questionId").GetString()!, (IReadOnlyList<string>)q.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("optionId").GetString()!).ToList()))
            .ToList();

    public string Correct(string policyCode, string questionId) => Catalog.Get(policyCode).QuizBank.Single(q => q.Id == questionId).CorrectOptionId;

    private string Wrong((string QuestionId, IReadOnlyList<string> Options) question) =>
        question.Options.First(o => o != CorrectFor(question.QuestionId));

    private string CorrectFor(string questionId) => Catalog.Policies.SelectMany(p => p.QuizBank).First(q => q.Id == questionId).CorrectOptionId;

    public static string AttemptId(AppHarness.Response started) => started.Json.GetProperty("attemptId").GetString()!;

    public static JsonElement Quiz(AppHarness.Response list, string violationId) =>
        list.Json.GetProperty("quizzes").EnumerateArray().Single(q => q.GetProperty("violationId").GetString() == violationId);
}
