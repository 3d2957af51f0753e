using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Quizzes;

/// <summary>With storage unreachable every quiz endpoint answers 503 with Retry-After and a reason.</summary>
public sealed class QuizStorageDownTests
{
    [Fact]
    public async Task Every_quiz_endpoint_answers_503()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var quiz = new QuizClient(app);

        var responses = new[]
        {
            await quiz.ListAsync("creator-a"),
            await quiz.StartAsync("creator-a", "v1"),
            await quiz.AnswerAsync("creator-a", "v1", "attempt-1", QuizClient.Body([("q1", "a")])),
        };

        Assert.All(responses, r =>
        {
            Assert.Equal(503, r.Status);
            Assert.StartsWith("application/problem+json", r.ContentType);
            Assert.True(int.Parse(r.Headers.RetryAfter.ToString()) >= 1);
        });
    }
}
