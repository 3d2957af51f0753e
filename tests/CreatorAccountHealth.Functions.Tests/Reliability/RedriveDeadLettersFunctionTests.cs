using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Reliability;

/// <summary><c>POST /api/admin/queues/{queueName}/dead-letters/redrive</c>: the operator's way to send dead-lettered emails again.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class RedriveDeadLettersFunctionTests(CosmosServer cosmos) : IAsyncLifetime
{
    private readonly FakeRedrive redrive = new();
    private AppHarness app = null!;

    public async Task InitializeAsync() => app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), createDatabase: false);

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<AppHarness.Response> PostAsync(string queueName, string query = "")
    {
        var context = app.Request("POST");
        context.Request.QueryString = new QueryString(query);
        var function = ActivatorUtilities.CreateInstance<RedriveDeadLettersFunction>(app.Services, redrive);
        return await AppHarness.ExecuteAsync(context, await function.Run(context.Request, queueName, CancellationToken.None));
    }

    [Fact]
    public async Task Re_drives_one_of_the_apps_queues_and_says_how_many_went_back()
    {
        redrive.Count = 3;

        var response = await PostAsync("milestone-alerts", "?max=50");

        Assert.Equal(200, response.Status);
        Assert.Equal(3, response.Json.GetProperty("redriven").GetInt32());
        Assert.Equal([("milestone-alerts", 50)], redrive.Calls);
    }

    [Fact]
    public async Task An_unknown_queue_is_a_404_and_a_bad_max_a_400_and_nothing_is_re_driven()
    {
        Assert.Equal(404, (await PostAsync("someone-elses-queue")).Status);
        var bad = await PostAsync("weekly-reports", "?max=0");
        Assert.Equal(400, bad.Status);
        Assert.Contains("max", bad.Body);
        Assert.Empty(redrive.Calls);
    }

    [Fact]
    public async Task Service_Bus_unavailable_is_a_503_with_Retry_After()
    {
        redrive.Down = true;

        var response = await PostAsync("training-emails");

        Assert.Equal(503, response.Status);
        Assert.Equal("30", response.Headers["Retry-After"].ToString());
    }

    private sealed class FakeRedrive : IDeadLetterRedrive
    {
        public int Count { get; set; }

        public bool Down { get; set; }

        public List<(string Queue, int Max)> Calls { get; } = [];

        public Task<int> RedriveAsync(string queueName, int maxMessages, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new QueueUnavailableException("down");
            }

            Calls.Add((queueName, maxMessages));
            return Task.FromResult(Count);
        }
    }
}
