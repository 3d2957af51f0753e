using System.Linq.Expressions;
using System.Text.Json;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Erasure;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Reports.Api;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Tests.Quizzes;
using CreatorAccountHealth.Functions.Tests.Trainings;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Erasure;

/// <summary>
/// A creator with everything the app can hold about them (profile, violations, an alert still in the outbox, a notice, a
/// quiz attempt, a weekly report, an activity-index entry, a workshop seat with another creator waitlisted behind them),
/// the routes a creator's data is read through, and a look straight into storage.
/// </summary>
internal sealed class ErasureHarness : IAsyncDisposable
{
    public const string Erased = "creator-ana";
    public const string Waitlisted = "creator-bob";

    /// <summary>Never seen by the app: how every route answers for an unknown creator.</summary>
    public const string Unknown = "creator-zed";

    /// <summary>A Monday morning cutoff: the report covers 23 to 29 November 2026.</summary>
    public static readonly Instant Cutoff = Instant.FromUtc(2026, 11, 30, 6, 0);

    private ErasureHarness(TrainingHarness trainings, FakeSendGrid sendGrid, CosmosFaults faults)
    {
        Trainings = trainings;
        SendGrid = sendGrid;
        Faults = faults;
    }

    public TrainingHarness Trainings { get; }

    public AppHarness App => Trainings.App;

    public FakeSendGrid SendGrid { get; }

    public CosmosFaults Faults { get; }

    public QuizClient Quizzes => new(App);

    public string TrainingId { get; private set; } = "";

    public string ReportId { get; private set; } = "";

    public string AttemptId { get; private set; } = "";

    private CosmosContainers Containers => App.Services.GetRequiredService<CosmosContainers>();

    public static async Task<ErasureHarness> StartAsync(CosmosServer cosmos)
    {
        var sendGrid = await FakeSendGrid.StartAsync();
        var faults = new CosmosFaults();
        var app = await AppHarness.StartAsync(
            cosmos.ConnectionString,
            cosmos.NewDatabaseName(),
            settings: new Dictionary<string, string?> { ["SendGrid:Host"] = sendGrid.BaseUrl },
            configure: s => s.AddSingleton<RequestHandler>(faults));
        app.Time.SetUtcNow(Cutoff.ToDateTimeOffset().AddSeconds(5));
        return new ErasureHarness(new TrainingHarness(app), sendGrid, faults);
    }

    /// <summary>Gives <see cref="Erased"/> everything there is to erase.</summary>
    public async Task SeedAsync()
    {
        await Trainings.KnownCreatorsAsync(Erased, Waitlisted);

        // 20 points: the warning milestone's alert, recorded while the queue is down, so it waits in the outbox.
        App.Queue.IsDown = true;
        await PostAsync(Events.ViolationIssued("evt-v1", Erased, "v-1"), 202);
        await PostAsync(Events.ViolationIssued("evt-v2", Erased, "v-2", issuedAt: "2026-11-24T10:00:00Z"), 202);
        App.Queue.IsDown = false;
        Assert.NotEmpty(await OutboxEntriesAsync());
        await PostAsync(Events.NoticeSent("evt-n1", Erased, "n-1"), 202);
        await PostAsync(Events.ViolationIssued("evt-v0", Erased, "v-0", issuedAt: "2026-05-01T10:00:00Z"), 202); // moves to the account's archive

        var attempt = await Quizzes.StartAsync(Erased, "v-1");
        Assert.True(attempt.Status == 201, attempt.Body);
        AttemptId = attempt.Json.GetProperty("attemptId").GetString()!;

        var report = await App.Services.GetRequiredService<WeeklyReportProducer>().ProduceAsync(Erased, Cutoff, CancellationToken.None);
        ReportId = report.ReportId ?? throw new InvalidOperationException("No report was built.");

        TrainingId = await Trainings.WorkshopAsync(capacity: 1, slots: 2, invited: [Erased, Waitlisted]);
        Assert.Equal("registered", (await Trainings.RegisterAsync(Erased, TrainingId)).Ok().GetProperty("status").GetString());
        Assert.Equal("waitlisted", (await Trainings.RegisterAsync(Waitlisted, TrainingId)).Ok().GetProperty("status").GetString());
        (await Trainings.BookSlotAsync(Erased, TrainingId, "slot-1")).Ok();

        Assert.Contains(await PartitionAsync(Containers.Creators, Erased), d => d.GetProperty("docType").GetString() == DocTypes.AccountArchive);
        Assert.NotEmpty(await PartitionAsync(Containers.Reports, Erased));
        Assert.True(await HasActivityEntryAsync());
    }

    /// <summary><c>DELETE /api/admin/creators/{creatorId}</c>.</summary>
    public async Task<AppHarness.Response> EraseAsync(string creatorId = Erased)
    {
        var context = App.Request(HttpMethods.Delete);
        return await App.InvokeAsync<EraseCreatorFunction>(context, (f, r) => f.Run(r, creatorId, CancellationToken.None));
    }

    public async Task PostAsync(string webhook, int status)
    {
        var response = await App.PostWebhookAsync(webhook);
        Assert.True(response.Status == status, $"expected {status}, got {response.Status}: {response.Body}");
    }

    /// <summary>Every route that reads a creator's data, for <paramref name="creatorId"/>, by name.</summary>
    public async Task<IReadOnlyList<(string Route, AppHarness.Response Response)>> CreatorRoutesAsync(string creatorId) =>
    [
        ("standing", await Get<CreatorStandingFunction>((f, r) => f.Run(r, creatorId, CancellationToken.None))),
        ("reports", await Get<ListCreatorReportsFunction>((f, r) => f.Run(r, creatorId, CancellationToken.None))),
        ("reports/latest", await Get<GetCreatorReportFunction>((f, r) => f.Latest(r, creatorId, CancellationToken.None))),
        ("reports/{reportId}", await Get<GetCreatorReportFunction>((f, r) => f.ById(r, creatorId, ReportId, CancellationToken.None))),
        ("quizzes", await Quizzes.ListAsync(creatorId)),
        ("quizzes/{violationId}/attempts/{attemptId}", await Quizzes.GetAttemptAsync(creatorId, "v-1", AttemptId)),
        ("trainings", await Trainings.ListAsync(creatorId)),
    ];

    /// <summary>Each route answers for the erased creator exactly what it answers for one never seen (ids aside).</summary>
    public async Task AssertReadsAsUnknownAsync()
    {
        var erased = await CreatorRoutesAsync(Erased);
        var unknown = await CreatorRoutesAsync(Unknown);
        foreach (var ((route, actual), (_, expected)) in erased.Zip(unknown))
        {
            Assert.True(
                (actual.Status, actual.Body.Replace(Erased, Unknown, StringComparison.Ordinal)) == (expected.Status, expected.Body),
                $"{route}: erased creator answered {actual.Status} {actual.Body}; an unknown creator {expected.Status} {expected.Body}");
        }

        var workshop = await Trainings.GetAsync(TrainingId);
        Assert.DoesNotContain($"\"{Erased}\"", workshop.Body, StringComparison.Ordinal);
    }

    /// <summary>Nothing of the creator is left in any container (the tombstone holds a hash, not the id).</summary>
    public async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await PartitionAsync(Containers.Creators, Erased));
        Assert.Empty(await PartitionAsync(Containers.Reports, Erased));
        Assert.False(await HasActivityEntryAsync());
        Assert.Empty(await OutboxEntriesAsync());
        var tombstone = await Containers.Erasures.ReadItemAsync<JsonElement>(ErasureStore.KeyOf(Erased), new PartitionKey(ErasureStore.KeyOf(Erased)));
        Assert.DoesNotContain(Erased, tombstone.Resource.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>The Seat Confirmed emails <see cref="Waitlisted"/> got on the queue.</summary>
    public int SeatConfirmedEmails() =>
        Trainings.Emails().Count(e => e.Message.CreatorId == Waitlisted && e.Message.Kind == TrainingEmailKind.SeatConfirmed);

    public async Task<IReadOnlyList<JsonElement>> PartitionAsync(Container container, string creatorId)
    {
        var found = new List<JsonElement>();
        using var iterator = container.GetItemQueryIterator<JsonElement>(
            new QueryDefinition("SELECT * FROM c WHERE c.creatorId = @id").WithParameter("@id", creatorId),
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(creatorId) });
        while (iterator.HasMoreResults)
        {
            found.AddRange(await iterator.ReadNextAsync());
        }

        return found;
    }

    public async Task<IReadOnlyList<OutboxMarker>> OutboxEntriesAsync() =>
        (await App.Services.GetRequiredService<AlertStore>().PendingAsync(
            CreatorShards.Of(Erased, AlertStore.OutboxShards), Instant.MaxValue, CancellationToken.None))
        .Where(p => p.CreatorId == Erased).ToList();

    public async ValueTask DisposeAsync()
    {
        await Trainings.DisposeAsync();
        await SendGrid.DisposeAsync();
    }

    private async Task<bool> HasActivityEntryAsync()
    {
        var shard = CreatorShards.Key(ReportActivityIndex.ShardOf(Erased));
        using var response = await Containers.ReportActivity.ReadItemStreamAsync(Erased, new PartitionKey(shard));
        return response.IsSuccessStatusCode;
    }

    private Task<AppHarness.Response> Get<TFunction>(System.Linq.Expressions.Expression<Func<TFunction, HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>>> call)
        where TFunction : class =>
        App.InvokeAsync(App.Request(HttpMethods.Get), call);
}
