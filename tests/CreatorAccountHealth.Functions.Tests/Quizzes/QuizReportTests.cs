using CreatorAccountHealth.Functions.Tests.Reports;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Quizzes;

/// <summary>Quizzes taken over the API show in the next weekly report: the standing and the attempts left.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class QuizReportTests(CosmosServer cosmos)
{
    [Fact]
    public async Task The_next_report_shows_the_removed_point_and_the_attempts_really_used()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        var quiz = new QuizClient(run.App);
        await run.PostAllAsync(
            ReportEvents.Profile("quizzer"),
            ReportEvents.Violation("quizzer", "passed", "2026-11-24T10:00:00Z"),
            ReportEvents.Violation("quizzer", "spent", "2026-11-25T10:00:00Z"));
        var started = await quiz.StartAsync("quizzer", "passed");
        await quiz.AnswerAsync("quizzer", "passed", QuizClient.AttemptId(started), quiz.Answers(started, "dangerous-acts"));
        for (var i = 0; i < 3; i++)
        {
            await quiz.StartAsync("quizzer", "spent");
        }

        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        var report = (await run.Reports.LatestAsync("quizzer", CancellationToken.None))!.Report;
        Assert.Equal(19, report.Standing.ActivePoints);
        var guidance = Assert.Single(report.WhatToDo);
        // "spent" has no attempts left, so it is no longer offered.
        Assert.Equal([("passed", 2)], guidance.Quizzes.Select(q => (q.ViolationId, q.AttemptsLeft)));
    }
}
