using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Policies;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>A violation in through the webhook, a quiz passed over HTTP, one point fewer in the standing.</summary>
public sealed class QuizEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task Violation_then_quiz_list_attempt_and_correct_answers_take_one_point_off_the_standing()
    {
        var issuedAt = DateTimeOffset.UtcNow.AddHours(-1);
        var webhook = new JsonObject
        {
            ["eventId"] = "e2e-quiz-evt-1",
            ["type"] = "violation.issued",
            ["occurredAt"] = issuedAt.ToString("O"),
            ["violation"] = new JsonObject
            {
                ["id"] = "e2e-quiz-v-1",
                ["creatorId"] = "e2e-quiz-creator",
                ["policyCode"] = "dangerous-acts",
                ["surface"] = "livestream",
                ["contentId"] = "live-1",
                ["issuedAt"] = issuedAt.ToString("O"),
            },
        }.ToJsonString();
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(webhook)).StatusCode);
        var before = await app.JsonAsync(await app.Http.GetAsync("/api/creators/e2e-quiz-creator/standing"));

        var list = await app.Http.GetAsync("/api/creators/e2e-quiz-creator/quizzes");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var quiz = Assert.Single((await app.JsonAsync(list))["quizzes"]!.AsArray())!;
        Assert.Equal("e2e-quiz-v-1", quiz["violationId"]!.GetValue<string>());
        Assert.True(quiz["canStart"]!.GetValue<bool>());

        var started = await app.Http.PostAsync("/api/creators/e2e-quiz-creator/quizzes/e2e-quiz-v-1/attempts", null);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var attempt = await app.JsonAsync(started);
        var attemptId = attempt["attemptId"]!.GetValue<string>();

        // The right answers, from the catalog the app itself ships.
        var bank = new PolicyCatalogOptions().Load().Get("dangerous-acts").QuizBank;
        var answers = new JsonArray(attempt["questions"]!.AsArray().Select(q =>
        {
            var id = q!["questionId"]!.GetValue<string>();
            return (JsonNode)new JsonObject { ["questionId"] = id, ["optionId"] = bank.Single(b => b.Id == id).CorrectOptionId };
        }).ToArray());
        var graded = await app.Http.PostAsJsonAsync(
            $"/api/creators/e2e-quiz-creator/quizzes/e2e-quiz-v-1/attempts/{attemptId}/answers", new JsonObject { ["answers"] = answers });
        Assert.Equal(HttpStatusCode.OK, graded.StatusCode);
        var result = await app.JsonAsync(graded);
        Assert.True(result["passed"]!.GetValue<bool>());
        Assert.True(result["pointRemoved"]!.GetValue<bool>());

        var after = await app.JsonAsync(await app.Http.GetAsync("/api/creators/e2e-quiz-creator/standing"));
        Assert.Equal(10, before["activePoints"]!.GetValue<int>());
        Assert.Equal(9, after["activePoints"]!.GetValue<int>());
        Assert.Equal(9, result["standing"]!["activePoints"]!.GetValue<int>());
    }
}
