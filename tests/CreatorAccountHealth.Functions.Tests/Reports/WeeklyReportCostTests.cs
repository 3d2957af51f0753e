using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>What one creator's report costs in Cosmos DB round trips: counted by a handler in the app's client.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class WeeklyReportCostTests(CosmosServer cosmos) : IAsyncLifetime
{
    private const string Creator = "cost-creator";
    private readonly CosmosRequestLog log = new();
    private readonly Instant cutoff = Instant.FromDateTimeOffset(ReportHarness.Monday);
    private ReportHarness run = null!;

    public async Task InitializeAsync()
    {
        run = await ReportHarness.StartAsync(cosmos, configure: s => s.AddSingleton<RequestHandler>(log));
        await run.PostAllAsync(ReportEvents.Profile(Creator), ReportEvents.Violation(Creator, "v-1"));
        run.App.Time.SetUtcNow(ReportHarness.Monday.AddSeconds(5));
        log.Clear();
    }

    public async Task DisposeAsync() => await run.DisposeAsync();

    private Task<CreatorReportOutcome> ProduceAsync() =>
        run.App.Services.GetRequiredService<WeeklyReportProducer>().ProduceAsync(Creator, cutoff, CancellationToken.None);

    private List<string> Trips() =>
        log.Requests.Select(r => $"{r.Method} {ContainerOf(r.Path)} {(int)r.Status}").ToList();

    [Fact]
    public async Task A_first_run_is_five_round_trips_the_ledger_read_the_account_the_report_the_claim_and_the_settle()
    {
        var outcome = await ProduceAsync();

        Assert.IsType<DeliveryOutcome.Sent>(outcome.Email);
        Assert.Equal(
            [
                $"GET {ContainerNames.Creators} 404", // the run's email record: none yet
                $"GET {ContainerNames.Creators} 200", // the account
                $"POST {ContainerNames.Reports} 201", // the report
                $"POST {ContainerNames.Creators} 201", // the claim: the record created, sending under a lease
                $"PUT {ContainerNames.Creators} 200", // the settle
            ],
            Trips());
        Assert.DoesNotContain(log.Requests, r => r.IsQuery);
    }

    [Fact]
    public async Task A_settled_creator_costs_one_point_read()
    {
        await ProduceAsync();
        log.Clear();

        Assert.Equal(new DeliveryOutcome.AlreadySettled(DeliveryStatus.Sent), (await ProduceAsync()).Email);
        Assert.Equal([$"GET {ContainerNames.Creators} 200"], Trips());
    }

    [Fact]
    public async Task A_retry_after_a_failed_send_reads_the_stored_report_and_decides_on_the_record_it_read()
    {
        run.SendGrid.Script(new ScriptedResponse(401, """{"errors":[{"field":null,"message":"The provided authorization grant is invalid"}]}"""));
        Assert.IsType<DeliveryOutcome.RetryLater>((await ProduceAsync()).Email);
        Assert.Equal(DeliveryStatus.Pending, (await run.EmailRecordAsync(Creator))!.Status);
        log.Clear();

        var retry = await ProduceAsync();

        Assert.IsType<DeliveryOutcome.Sent>(retry.Email);
        Assert.False(retry.Created);
        Assert.Equal(
            [
                $"GET {ContainerNames.Creators} 200", // the run's email record: pending
                $"GET {ContainerNames.Creators} 200", // the account
                $"GET {ContainerNames.Reports} 200", // the report stored by the first try: no create that can only conflict
                $"PUT {ContainerNames.Creators} 200", // the claim, If-Match on the record read first (not read again)
                $"PUT {ContainerNames.Creators} 200", // the settle
            ],
            Trips());
        Assert.Equal(2, run.SendGrid.Requests.Count);
    }

    private static string ContainerOf(string path)
    {
        var start = path.IndexOf("/colls/", StringComparison.Ordinal) + "/colls/".Length;
        var end = path.IndexOf('/', start);
        return end < 0 ? path[start..] : path[start..end];
    }
}
