using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>Starting a run by hand: one message per shard, the same ids for the same cutoff.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class StartWeeklyReportsTests(CosmosServer cosmos) : IAsyncLifetime
{
    private ReportHarness run = null!;

    public async Task InitializeAsync()
    {
        run = await ReportHarness.StartAsync(cosmos);
        run.App.Time.SetUtcNow(ReportHarness.Monday.AddHours(1));
    }

    public async Task DisposeAsync() => await run.DisposeAsync();

    [Fact]
    public async Task The_endpoint_queues_page_zero_of_every_shard_and_answers_202_with_the_run()
    {
        var response = await run.PostRunAsync("""{"periodEnd": "2026-11-30T06:00:00Z"}""");

        Assert.Equal(202, response.Status);
        Assert.Equal("weekly-reports-20261130T060000Z", response.Json.GetProperty("runId").GetString());
        Assert.Equal("2026-11-30T06:00:00Z", response.Json.GetProperty("periodEnd").GetString());
        Assert.Equal(ReportActivityIndex.Shards, response.Json.GetProperty("shards").GetInt32());

        var messages = run.QueuedMessages();
        Assert.Equal(Enumerable.Range(0, ReportActivityIndex.Shards), messages.Select(m => m.Body.Shard));
        Assert.All(messages, m =>
        {
            Assert.Equal(ReportHarness.Monday, m.Body.Cutoff);
            Assert.Equal(0, m.Body.Page);
            Assert.Null(m.Body.Continuation);
            Assert.Equal(m.Body.MessageId(), m.MessageId);
        });
        Assert.Equal("weekly-reports-20261130T060000Z-shard-07-page-0", messages[7].MessageId);
        Assert.All(run.App.Queue.Sent, s => Assert.Equal(ReportShardMessage.Subject, s.Message.Subject));
    }

    [Fact]
    public async Task The_same_cutoff_however_written_queues_the_same_message_ids()
    {
        await run.PostRunAsync("""{"periodEnd": "2026-11-30T06:00:00Z"}""");
        await run.PostRunAsync("""{"periodEnd": "2026-11-30T07:00:00+01:00"}""");

        var ids = run.QueuedMessages().Select(m => m.MessageId).ToList();
        Assert.Equal(2 * ReportActivityIndex.Shards, ids.Count);
        Assert.Equal(ReportActivityIndex.Shards, ids.Distinct().Count());
    }

    [Theory]
    [InlineData("not json", "Malformed JSON")]
    [InlineData("[]", "periodEnd")]
    [InlineData("{}", "periodEnd")]
    [InlineData("""{"periodEnd": 5}""", "periodEnd")]
    [InlineData("""{"periodEnd": "2026-11-30"}""", "periodEnd")]
    [InlineData("""{"periodEnd": "2026-11-30T06:00:00"}""", "periodEnd")]
    [InlineData("""{"periodEnd": "2026-12-07T06:00:00Z"}""", "future")]
    public async Task A_bad_body_is_a_400_problem_and_queues_nothing(string body, string mentioned)
    {
        var response = await run.PostRunAsync(body);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Contains(mentioned, response.Body);
        Assert.Empty(run.App.Queue.Sent);
    }

    [Fact]
    public async Task When_the_queue_is_down_the_endpoint_answers_503_with_retry_after()
    {
        run.App.Queue.IsDown = true;

        var response = await run.PostRunAsync("""{"periodEnd": "2026-11-30T06:00:00Z"}""");

        Assert.Equal(503, response.Status);
        Assert.Equal("30", response.Headers["Retry-After"]);
    }
}
