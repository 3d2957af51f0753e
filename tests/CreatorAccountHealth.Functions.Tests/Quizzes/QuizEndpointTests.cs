using System.Text.Json;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Quizzes;

/// <summary>The quiz endpoints against the Cosmos DB protocol server; the harness clock starts at 2026-11-27 12:00 UTC.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class QuizEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private AppHarness app = null!;
    private QuizClient quiz = null!;

    public async Task InitializeAsync()
    {
        app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        quiz = new QuizClient(app);
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task Violation(string creator, string id, string policy = "dangerous-acts", string issuedAt = "2026-11-20T10:00:00Z") =>
        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-" + creator + id, creator, id, policy, issuedAt))).Status);

    private static void AssertProblem(AppHarness.Response response, int status, string? reason = null)
    {
        Assert.Equal(status, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.False(string.IsNullOrWhiteSpace(response.Json.GetProperty("detail").GetString()));
        if (reason is not null)
        {
            Assert.Equal(reason, response.Json.GetProperty("reason").GetString());
        }
    }

    [Fact]
    public async Task The_list_shows_each_violations_quiz_with_attempts_window_and_what_a_pass_would_do()
    {
        await Violation("c-list", "v1");

        var list = await quiz.ListAsync("c-list");

        Assert.Equal(200, list.Status);
        var q = QuizClient.Quiz(list, "v1");
        Assert.Equal("dangerous-acts", q.GetProperty("policyCode").GetString());
        Assert.Equal("dangerous-acts", q.GetProperty("quizType").GetString());
        Assert.Equal(0, q.GetProperty("attemptsUsed").GetInt32());
        Assert.Equal(3, q.GetProperty("attemptsLeft").GetInt32());
        Assert.Equal("2026-12-31", q.GetProperty("lastDay").GetString());
        Assert.True(q.GetProperty("canStart").GetBoolean());
        Assert.Equal(JsonValueKind.Null, q.GetProperty("cannotStartReason").ValueKind);
        Assert.True(q.GetProperty("passRemovesPoint").GetBoolean());
        Assert.Equal(JsonValueKind.Null, q.GetProperty("removalBlockedReason").ValueKind);
    }

    [Fact]
    public async Task Starting_an_attempt_returns_three_questions_with_options_and_never_the_answers()
    {
        await Violation("c-start", "v1");

        var started = await quiz.StartAsync("c-start", "v1");

        Assert.Equal(201, started.Status);
        Assert.True(Guid.TryParse(QuizClient.AttemptId(started), out _));
        Assert.Equal("2026-11-27T12:30:00Z", started.Json.GetProperty("expiresAt").GetString());
        Assert.Equal(2, started.Json.GetProperty("attemptsLeft").GetInt32());
        var questions = started.Json.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(3, questions.Count);
        Assert.All(questions, q => Assert.InRange(q.GetProperty("options").GetArrayLength(), 3, 4));
        Assert.All(questions, q => Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("text").GetString())));
        Assert.All(questions, q =>
        {
            Assert.Equal(["options", "questionId", "text"], q.EnumerateObject().Select(p => p.Name).Order());
            Assert.All(q.GetProperty("options").EnumerateArray(), o => Assert.Equal(["optionId", "text"], o.EnumerateObject().Select(p => p.Name).Order()));
        });
        Assert.DoesNotContain("explanation", started.Body, StringComparison.OrdinalIgnoreCase);

        var listed = QuizClient.Quiz(await quiz.ListAsync("c-start"), "v1");
        Assert.Equal((1, 2), (listed.GetProperty("attemptsUsed").GetInt32(), listed.GetProperty("attemptsLeft").GetInt32()));
    }

    [Fact]
    public async Task A_creator_who_left_the_page_resumes_the_open_attempt_with_the_same_questions_without_spending_a_try()
    {
        await Violation("c-resume", "v1");
        var started = await quiz.StartAsync("c-resume", "v1");
        var attemptId = QuizClient.AttemptId(started);
        app.Time.Advance(TimeSpan.FromMinutes(10));

        var listed = QuizClient.Quiz(await quiz.ListAsync("c-resume"), "v1");
        var resumed = await quiz.GetAttemptAsync("c-resume", "v1", attemptId);

        Assert.Equal($"/api/creators/c-resume/quizzes/v1/attempts/{attemptId}", started.Headers.Location.ToString());
        Assert.Equal(attemptId, listed.GetProperty("openAttemptId").GetString());
        Assert.Equal("2026-11-27T12:30:00Z", listed.GetProperty("openAttemptExpiresAt").GetString());
        Assert.Equal(200, resumed.Status);
        Assert.Equal(started.Json.GetProperty("questions").ToString(), resumed.Json.GetProperty("attempt").GetProperty("questions").ToString());
        Assert.Equal(2, resumed.Json.GetProperty("attempt").GetProperty("attemptsLeft").GetInt32());
        Assert.Equal(JsonValueKind.Null, resumed.Json.GetProperty("result").ValueKind);

        var graded = await quiz.AnswerAsync("c-resume", "v1", attemptId, quiz.Answers(started, "dangerous-acts"));
        var afterwards = await quiz.GetAttemptAsync("c-resume", "v1", attemptId);
        var relisted = QuizClient.Quiz(await quiz.ListAsync("c-resume"), "v1");

        Assert.Equal(graded.Json.ToString(), afterwards.Json.GetProperty("result").ToString());
        Assert.Equal(JsonValueKind.Null, relisted.GetProperty("openAttemptId").ValueKind);
        AssertProblem(await quiz.GetAttemptAsync("c-resume", "v1", Guid.NewGuid().ToString()), 404);
        AssertProblem(await quiz.GetAttemptAsync("c-other", "v1", attemptId), 404);
    }

    [Fact]
    public async Task An_attempt_past_its_expiry_is_no_longer_open()
    {
        await Violation("c-lapsed", "v1");
        await quiz.StartAsync("c-lapsed", "v1");
        app.Time.Advance(TimeSpan.FromMinutes(30));

        var listed = QuizClient.Quiz(await quiz.ListAsync("c-lapsed"), "v1");

        Assert.Equal(JsonValueKind.Null, listed.GetProperty("openAttemptId").ValueKind);
        Assert.Equal(2, listed.GetProperty("attemptsLeft").GetInt32());
    }

    [Fact]
    public async Task A_correct_answer_removes_one_point_and_resubmitting_returns_the_same_result_and_changes_nothing()
    {
        await Violation("c-pass", "v1");
        var started = await quiz.StartAsync("c-pass", "v1");
        var attemptId = QuizClient.AttemptId(started);

        var graded = await quiz.AnswerAsync("c-pass", "v1", attemptId, quiz.Answers(started, "dangerous-acts"));

        Assert.Equal(200, graded.Status);
        Assert.Equal(3, graded.Json.GetProperty("score").GetInt32());
        Assert.True(graded.Json.GetProperty("passed").GetBoolean());
        Assert.True(graded.Json.GetProperty("pointRemoved").GetBoolean());
        Assert.Equal("removed", graded.Json.GetProperty("removal").GetProperty("outcome").GetString());
        Assert.Equal(9, graded.Json.GetProperty("standing").GetProperty("activePoints").GetInt32());
        Assert.All(graded.Json.GetProperty("questions").EnumerateArray(), q =>
        {
            Assert.True(q.GetProperty("correct").GetBoolean());
            Assert.False(string.IsNullOrWhiteSpace(q.GetProperty("explanation").GetString()));
        });
        Assert.Equal(9, await quiz.ActivePointsAsync("c-pass"));

        app.Time.Advance(TimeSpan.FromHours(2)); // past the attempt's expiry too: a graded attempt keeps answering its result
        var again = await quiz.AnswerAsync("c-pass", "v1", attemptId, quiz.Answers(started, "dangerous-acts", allCorrect: false));

        Assert.Equal(200, again.Status);
        Assert.Equal(graded.Body, again.Body);
        Assert.Equal(9, await quiz.ActivePointsAsync("c-pass"));
    }

    [Fact]
    public async Task A_failed_attempt_removes_nothing_and_says_why()
    {
        await Violation("c-fail", "v1");
        var started = await quiz.StartAsync("c-fail", "v1");

        var graded = await quiz.AnswerAsync("c-fail", "v1", QuizClient.AttemptId(started), quiz.Answers(started, "dangerous-acts", allCorrect: false));

        Assert.Equal(200, graded.Status);
        Assert.Equal(2, graded.Json.GetProperty("score").GetInt32());
        Assert.False(graded.Json.GetProperty("passed").GetBoolean());
        Assert.False(graded.Json.GetProperty("pointRemoved").GetBoolean());
        Assert.Equal(JsonValueKind.Null, graded.Json.GetProperty("removal").GetProperty("outcome").ValueKind);
        Assert.Contains("3 needed", graded.Json.GetProperty("removal").GetProperty("detail").GetString());
        Assert.Equal(10, await quiz.ActivePointsAsync("c-fail"));
    }

    [Fact]
    public async Task The_pass_mark_is_a_setting()
    {
        await using var lenient = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), settings: new Dictionary<string, string?> { ["Quizzes:PassMark"] = "2" });
        var client = new QuizClient(lenient);
        await lenient.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-mark", "v1"));
        var started = await client.StartAsync("c-mark", "v1");

        var graded = await client.AnswerAsync("c-mark", "v1", QuizClient.AttemptId(started), client.Answers(started, "dangerous-acts", allCorrect: false));

        Assert.True(graded.Json.GetProperty("passed").GetBoolean());
        Assert.Equal(2, graded.Json.GetProperty("passMark").GetInt32());
        Assert.Equal(9, await client.ActivePointsAsync("c-mark"));
    }

    [Fact]
    public async Task A_fourth_attempt_is_refused_because_starting_one_uses_it_up()
    {
        await Violation("c-tries", "v1");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(201, (await quiz.StartAsync("c-tries", "v1")).Status);
        }

        var fourth = await quiz.StartAsync("c-tries", "v1");

        AssertProblem(fourth, 409, "noAttemptsLeft");
        var listed = QuizClient.Quiz(await quiz.ListAsync("c-tries"), "v1");
        Assert.Equal("noAttemptsLeft", listed.GetProperty("cannotStartReason").GetString());
        Assert.Equal(0, listed.GetProperty("attemptsLeft").GetInt32());
    }

    [Fact]
    public async Task Starting_after_the_window_closed_is_refused_with_the_last_day()
    {
        // Issued in September: the quiz could be taken until 31 October.
        await Violation("c-window", "v1", issuedAt: "2026-09-10T10:00:00Z");

        var refused = await quiz.StartAsync("c-window", "v1");

        AssertProblem(refused, 409, "windowClosed");
        Assert.Contains("2026-10-31", refused.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_overturned_violations_quiz_is_closed()
    {
        await Violation("c-over", "v1");
        await app.PostWebhookAsync(Events.ViolationOverturned("evt-o", "c-over", "v1", "2026-11-26T10:00:00Z"));

        AssertProblem(await quiz.StartAsync("c-over", "v1"), 409, "overturned");
    }

    [Fact]
    public async Task Unknown_creators_violations_and_attempts_and_other_creators_violations_are_404()
    {
        await Violation("c-mine", "v1");
        await Violation("c-theirs", "v-theirs");
        var started = await quiz.StartAsync("c-mine", "v1");

        AssertProblem(await quiz.ListAsync("c-nobody"), 404);
        AssertProblem(await quiz.StartAsync("c-nobody", "v1"), 404);
        AssertProblem(await quiz.StartAsync("c-mine", "v-unknown"), 404);
        AssertProblem(await quiz.StartAsync("c-mine", "v-theirs"), 404);
        AssertProblem(await quiz.AnswerAsync("c-theirs", "v-theirs", QuizClient.AttemptId(started), quiz.Answers(started, "dangerous-acts")), 404);
        AssertProblem(await quiz.AnswerAsync("c-mine", "v1", Guid.NewGuid().ToString(), quiz.Answers(started, "dangerous-acts")), 404);
        Assert.Equal(10, await quiz.ActivePointsAsync("c-mine"));
    }

    [Fact]
    public async Task An_attempt_must_be_answered_within_the_expiry()
    {
        await Violation("c-expiry", "v1");
        var late = await quiz.StartAsync("c-expiry", "v1");
        app.Time.Advance(TimeSpan.FromMinutes(30));
        var inTime = await quiz.StartAsync("c-expiry", "v1");

        // Exactly 30 minutes after its start: too late.
        var refused = await quiz.AnswerAsync("c-expiry", "v1", QuizClient.AttemptId(late), quiz.Answers(late, "dangerous-acts"));
        app.Time.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(59));
        var accepted = await quiz.AnswerAsync("c-expiry", "v1", QuizClient.AttemptId(inTime), quiz.Answers(inTime, "dangerous-acts"));

        AssertProblem(refused, 409, "attemptExpired");
        Assert.Equal(200, accepted.Status);
        Assert.Equal(9, await quiz.ActivePointsAsync("c-expiry"));
    }

    [Fact]
    public async Task Answers_that_dont_fit_the_attempt_are_400_per_question_and_change_nothing()
    {
        await Violation("c-bad", "v1");
        var started = await quiz.StartAsync("c-bad", "v1");
        var attemptId = QuizClient.AttemptId(started);
        var questions = QuizClient.Questions(started);
        var foreign = "da-not-drawn";
        var bad = QuizClient.Body([(questions[0].QuestionId, "zz"), (questions[1].QuestionId, questions[1].Options[0]), (foreign, "a")]);

        var problem = await quiz.AnswerAsync("c-bad", "v1", attemptId, bad);
        var malformed = await quiz.AnswerAsync("c-bad", "v1", attemptId, "{\"answers\": [");
        var noAnswers = await quiz.AnswerAsync("c-bad", "v1", attemptId, "{}");
        var badItem = await quiz.AnswerAsync("c-bad", "v1", attemptId, "{\"answers\": [{\"questionId\": 1}]}");

        AssertProblem(problem, 400);
        var errors = problem.Json.GetProperty("errors");
        Assert.Contains("is not one of its options", errors.GetProperty("answers." + questions[0].QuestionId)[0].GetString());
        Assert.Equal("Not answered.", errors.GetProperty("answers." + questions[2].QuestionId)[0].GetString());
        Assert.Equal("This question is not part of the attempt.", errors.GetProperty("answers." + foreign)[0].GetString());
        Assert.False(errors.TryGetProperty("answers." + questions[1].QuestionId, out _));
        AssertProblem(malformed, 400);
        Assert.Equal("Malformed JSON", malformed.Json.GetProperty("title").GetString());
        AssertProblem(noAnswers, 400);
        Assert.True(noAnswers.Json.GetProperty("errors").TryGetProperty("answers", out _));
        AssertProblem(badItem, 400);
        Assert.True(badItem.Json.GetProperty("errors").TryGetProperty("answers[0]", out _));

        // Nothing was graded: the attempt can still be answered.
        var graded = await quiz.AnswerAsync("c-bad", "v1", attemptId, quiz.Answers(started, "dangerous-acts"));
        Assert.Equal(200, graded.Status);
        Assert.True(graded.Json.GetProperty("pointRemoved").GetBoolean());
    }

    [Fact]
    public async Task A_second_pass_of_the_same_quiz_type_within_30_days_is_recorded_and_says_from_when()
    {
        // Two policies sharing the quiz type "product-claims".
        await Violation("c-cool", "v1", "misleading-product-claims");
        await Violation("c-cool", "v2", "medical-health-claims");
        var first = await quiz.StartAsync("c-cool", "v1");
        await quiz.AnswerAsync("c-cool", "v1", QuizClient.AttemptId(first), quiz.Answers(first, "misleading-product-claims"));
        app.Time.Advance(TimeSpan.FromDays(1));
        var second = await quiz.StartAsync("c-cool", "v2");

        var graded = await quiz.AnswerAsync("c-cool", "v2", QuizClient.AttemptId(second), quiz.Answers(second, "medical-health-claims"));

        Assert.True(graded.Json.GetProperty("passed").GetBoolean());
        Assert.False(graded.Json.GetProperty("pointRemoved").GetBoolean());
        var removal = graded.Json.GetProperty("removal");
        Assert.Equal("cooldown", removal.GetProperty("outcome").GetString());
        // Removed on 27 November (UTC): again from the start of 27 December, the 30th day after.
        Assert.Equal("2026-12-27T00:00:00Z", removal.GetProperty("nextRemovalPossibleAt").GetString());
        Assert.Contains("2026-12-27", removal.GetProperty("detail").GetString());
        Assert.Equal(11, await quiz.ActivePointsAsync("c-cool"));

        var listed = QuizClient.Quiz(await quiz.ListAsync("c-cool"), "v2");
        Assert.False(listed.GetProperty("passRemovesPoint").GetBoolean());
        Assert.Equal("cooldown", listed.GetProperty("removalBlockedReason").GetString());
        Assert.Equal("2026-12-27T00:00:00Z", listed.GetProperty("removalPossibleFrom").GetString());
        Assert.Equal("2026-12-27", listed.GetProperty("removalPossibleFromDate").GetString());
    }

    [Fact]
    public async Task A_violation_without_points_left_can_be_quizzed_for_learning_only()
    {
        // One point: the first pass takes it; the second removes nothing and says so.
        await Violation("c-learn", "v1", "unattended-livestream");
        var first = await quiz.StartAsync("c-learn", "v1");
        await quiz.AnswerAsync("c-learn", "v1", QuizClient.AttemptId(first), quiz.Answers(first, "unattended-livestream"));
        var second = await quiz.StartAsync("c-learn", "v1");

        var graded = await quiz.AnswerAsync("c-learn", "v1", QuizClient.AttemptId(second), quiz.Answers(second, "unattended-livestream"));

        Assert.Equal(201, second.Status);
        Assert.True(graded.Json.GetProperty("passed").GetBoolean());
        Assert.False(graded.Json.GetProperty("pointRemoved").GetBoolean());
        Assert.Equal("noPointsLeft", graded.Json.GetProperty("removal").GetProperty("outcome").GetString());
        Assert.Contains("learning only", graded.Json.GetProperty("removal").GetProperty("detail").GetString());
        Assert.Equal(0, await quiz.ActivePointsAsync("c-learn"));
    }

    [Fact]
    public async Task Two_passes_of_the_same_quiz_type_answered_at_the_same_moment_remove_exactly_one_point()
    {
        const int Rounds = 6;
        for (var round = 0; round < Rounds; round++)
        {
            var creator = $"c-race-{round}";
            await Violation(creator, "v1", "misleading-product-claims");
            await Violation(creator, "v2", "medical-health-claims");
            var first = await quiz.StartAsync(creator, "v1");
            var second = await quiz.StartAsync(creator, "v2");
            var answers = (quiz.Answers(first, "misleading-product-claims"), quiz.Answers(second, "medical-health-claims"));

            // Both calls wait at the gate, then run on the thread pool at once against the same Cosmos server.
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = new[]
            {
                Task.Run(async () => { await gate.Task; return await quiz.AnswerAsync(creator, "v1", QuizClient.AttemptId(first), answers.Item1); }),
                Task.Run(async () => { await gate.Task; return await quiz.AnswerAsync(creator, "v2", QuizClient.AttemptId(second), answers.Item2); }),
            };
            gate.SetResult();
            var results = await Task.WhenAll(racers);

            Assert.All(results, r => Assert.Equal(200, r.Status));
            Assert.All(results, r => Assert.True(r.Json.GetProperty("passed").GetBoolean()));
            Assert.Single(results, r => r.Json.GetProperty("pointRemoved").GetBoolean());
            Assert.Single(results, r => r.Json.GetProperty("removal").GetProperty("outcome").GetString() == "cooldown");
            Assert.Equal(11, await quiz.ActivePointsAsync(creator));
        }
    }

    [Fact]
    public async Task Two_attempts_started_at_the_same_moment_never_exceed_three()
    {
        await Violation("c-start-race", "v1");
        Assert.Equal(201, (await quiz.StartAsync("c-start-race", "v1")).Status);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () => { await gate.Task; return await quiz.StartAsync("c-start-race", "v1"); })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(racers);

        Assert.Equal(2, results.Count(r => r.Status == 201));
        Assert.Equal(2, results.Count(r => r.Status == 409));
        Assert.Equal(3, QuizClient.Quiz(await quiz.ListAsync("c-start-race"), "v1").GetProperty("attemptsUsed").GetInt32());
    }

    [Fact]
    public async Task A_removal_below_a_milestone_re_arms_its_alert_at_once()
    {
        // 4 + 8 = 12 points: the formal warning is reached and its alert fires, which disarms it.
        await Violation("c-alert", "v1", "misleading-product-claims");
        await Violation("c-alert", "v2", "medical-health-claims");
        var creators = app.Services.GetRequiredService<ICreatorStore>();
        Assert.False((await creators.ReadAccountAsync("c-alert", CancellationToken.None))!.AlertState().For("formal-warning", AlertKind.Reached).Armed);

        var started = await quiz.StartAsync("c-alert", "v2");
        await quiz.AnswerAsync("c-alert", "v2", QuizClient.AttemptId(started), quiz.Answers(started, "medical-health-claims"));

        // 11 points: below the warning, so it is armed again now, not only when the next violation is evaluated.
        // The removal and the alert memory it re-armed are one write of the account.
        var account = await creators.ReadAccountAsync("c-alert", CancellationToken.None);
        Assert.True(account!.AlertState().For("formal-warning", AlertKind.Reached).Armed);
        Assert.Equal("v2", Assert.Single(account.Removals).ViolationId);

        // Back to 12: the warning is alerted again, as a second episode.
        await Violation("c-alert", "v3", "unattended-livestream", "2026-11-27T11:00:00Z");
        var warnings = app.Queue.Sent
            .Select(s => (s.Message.MessageId, Body: JsonDocument.Parse(s.Message.Body).RootElement))
            .Where(m => m.Body.GetProperty("kind").GetString() == "reached" && m.Body.GetProperty("milestone").GetProperty("key").GetString() == "formal-warning")
            .Select(m => m.MessageId)
            .ToList();
        Assert.Equal(2, warnings.Distinct().Count());
    }
}
