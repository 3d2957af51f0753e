using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Email;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Tests.Trainings.Email;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reliability;

/// <summary>
/// The three email flows with the app's real registrations against the Cosmos protocol server, SendGrid faked over HTTP,
/// Service Bus simulated (<see cref="SimulatedBroker"/>) on a simulated clock, so outages of minutes run in seconds.
/// </summary>
internal sealed class FaultHarness : IAsyncDisposable
{
    public const string AlertQueue = "milestone-alerts";
    public const string ReportQueue = "weekly-reports";
    public const string WorkshopQueue = "training-emails";

    /// <summary>A Monday morning: the run's cutoff.</summary>
    public static readonly DateTimeOffset Cutoff = new(2027, 2, 8, 6, 0, 0, TimeSpan.Zero);

    private FaultHarness(ServiceProvider services, SimulatedClock clock, SimulatedBroker broker, FakeSendGrid sendGrid, LogCollector logs)
    {
        Services = services;
        Clock = clock;
        Broker = broker;
        SendGrid = sendGrid;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public SimulatedClock Clock { get; }

    public SimulatedBroker Broker { get; }

    public FakeSendGrid SendGrid { get; }

    public LogCollector Logs { get; }

    /// <summary>Set to make <see cref="ICreatorStore.LoadHistoryAsync"/> kill the invocation for these creators (the host going down).</summary>
    public Func<string, bool>? KillWhenLoading { get; set; }

    /// <summary>Set to make <see cref="ICreatorStore.LoadHistoryAsync"/> fail for good for these creators (a bug, bad data).</summary>
    public Func<string, bool>? BreakWhenLoading { get; set; }

    public static async Task<FaultHarness> StartAsync(CosmosServer cosmos)
    {
        var sendGrid = await FakeSendGrid.StartAsync();
        var settings = AppHarness.Settings(cosmos.ConnectionString, cosmos.NewDatabaseName());
        settings["SendGrid:Host"] = sendGrid.BaseUrl;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var clock = new SimulatedClock(Cutoff.AddSeconds(5));
        var broker = new SimulatedBroker(clock);
        var logs = new LogCollector();
        FaultHarness? harness = null;
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddCreatorAccountHealth(configuration)
            .AddSingleton<TimeProvider>(clock)
            .AddSingleton<IQueueSender>(broker)
            .AddSingleton<CosmosCreatorStore>()
            .AddSingleton<ICreatorStore>(sp => new KillableCreators(
                sp.GetRequiredService<CosmosCreatorStore>(), id => harness!.KillWhenLoading?.Invoke(id) is true, id => harness!.BreakWhenLoading?.Invoke(id) is true))
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await services.GetRequiredService<CosmosContainers>().EnsureCreatedAsync(CancellationToken.None);
        harness = new FaultHarness(services, clock, broker, sendGrid, logs);
        return harness;
    }

    public static string Address(string creatorId) => creatorId + "@shop.example";

    /// <summary>A creator with an address, a violation in the report week and an activity index entry.</summary>
    public async Task AddCreatorAsync(string creatorId)
    {
        var store = Services.GetRequiredService<ICreatorStore>();
        var at = Instant.FromUtc(2027, 2, 3, 10, 0);
        await store.RecordAsync(
            new CreatorUpsertedEvent("evt-profile-" + creatorId, Instant.FromUtc(2026, 6, 1, 0, 0), new CreatorProfile(creatorId, Address(creatorId), "Creator " + creatorId, "en-GB", "UTC", Instant.FromUtc(2026, 6, 1, 0, 0))),
            at,
            CancellationToken.None);
        await store.RecordAsync(
            new ViolationIssuedEvent("evt-v-" + creatorId, at, new Violation("v-" + creatorId, creatorId, "dangerous-acts", Surface.Livestream, "live-1", at, 10, null)),
            at,
            CancellationToken.None);
        await Services.GetRequiredService<ReportActivityIndex>().RecordAsync(creatorId, at, CancellationToken.None);
    }

    public Task QueueAlertAsync(string creatorId) =>
        Broker.SendAsync(AlertQueue, new OutgoingMessage(SampleAlerts.Reached(creatorId).AlertId, AlertMessage.Subject, BinaryData.FromObjectAsJson(SampleAlerts.Reached(creatorId), AppJson.Options)), CancellationToken.None);

    public Task QueueWorkshopEmailAsync(string creatorId)
    {
        var message = SampleTrainings.Message(creatorId: creatorId);
        return Broker.SendAsync(WorkshopQueue, new OutgoingMessage(message.EmailId, TrainingEmailMessage.Subject, BinaryData.FromObjectAsJson(message, AppJson.Options)), CancellationToken.None);
    }

    /// <summary>A report page of these creators on the queue (the run's first page of a shard, as the run would queue it).</summary>
    public ReportShardMessage ReportPage(IReadOnlyList<string> creators) =>
        ReportShardMessage.FirstPage(Instant.FromDateTimeOffset(Cutoff), 0) with { Rest = creators };

    public Task QueueReportPageAsync(IReadOnlyList<string> creators) => Broker.SendAsync(ReportQueue, ReportPage(creators).ToOutgoing(), CancellationToken.None);

    public Task RunQueuesAsync() => Broker.RunUntilIdleAsync(Handlers(CancellationToken.None), TimeSpan.FromMinutes(3));

    public IReadOnlyDictionary<string, Func<ServiceBusReceivedMessage, ServiceBusMessageActions, Task>> Handlers(CancellationToken cancellationToken) =>
        new Dictionary<string, Func<ServiceBusReceivedMessage, ServiceBusMessageActions, Task>>
        {
            [AlertQueue] = (m, a) => ActivatorUtilities.CreateInstance<SendAlertEmailFunction>(Services).Run(m, a, cancellationToken),
            [WorkshopQueue] = (m, a) => ActivatorUtilities.CreateInstance<SendTrainingEmailFunction>(Services).Run(m, a, cancellationToken),
            [ReportQueue] = async (m, a) =>
            {
                // Bound as a POCO and auto-completed, as the host does for BuildWeeklyReports.
                await ActivatorUtilities.CreateInstance<BuildWeeklyReportsFunction>(Services).Run(m.Body.ToObjectFromJson<ReportShardMessage>(AppJson.Options)!, cancellationToken);
                await a.CompleteMessageAsync(m, cancellationToken);
            },
        };

    /// <summary>Emails SendGrid accepted for an address, by category.</summary>
    public int AcceptedTo(string creatorId, string categoryPrefix) =>
        SendGrid.Accepted.Count(r =>
            r.Json.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString() == Address(creatorId)
            && r.Json.GetProperty("categories")[0].GetString()!.StartsWith(categoryPrefix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await SendGrid.DisposeAsync();
    }

    /// <summary>The creator store, with a switch that kills the invocation (an <see cref="OperationCanceledException"/>) as a host going down would.</summary>
    private sealed class KillableCreators(ICreatorStore inner, Func<string, bool> kill, Func<string, bool> broken) : ICreatorStore
    {
        public Task<RecordResult> RecordAsync(PlatformEvent platformEvent, Instant receivedAt, CancellationToken cancellationToken) =>
            inner.RecordAsync(platformEvent, receivedAt, cancellationToken);

        public Task<CreatorProfile?> GetProfileAsync(string creatorId, CancellationToken cancellationToken) => inner.GetProfileAsync(creatorId, cancellationToken);

        /// <summary>What a report reads: the switches apply here.</summary>
        public Task<AccountDocument?> ReadAccountAsync(string creatorId, CancellationToken cancellationToken) =>
            kill(creatorId) ? throw new OperationCanceledException("The host was killed.")
            : broken(creatorId) ? throw new InvalidOperationException("The account of " + creatorId + " can't be read: bad data.")
            : inner.ReadAccountAsync(creatorId, cancellationToken);

        public Task<AccountDocument?> ReadStoredAccountAsync(string creatorId, CancellationToken cancellationToken) => inner.ReadStoredAccountAsync(creatorId, cancellationToken);

        public Task<AccountDocument> UpdateAccountAsync(
            string creatorId, string? pendingEventId, Func<AccountDocument, Task<AccountDocument?>> decide, CancellationToken cancellationToken, StoredAccount? alreadyRead = null) =>
            inner.UpdateAccountAsync(creatorId, pendingEventId, decide, cancellationToken, alreadyRead);

        public Task<CreatorAccount> WithArchiveAsync(CreatorAccount account, CancellationToken cancellationToken) => inner.WithArchiveAsync(account, cancellationToken);

        public Task<AccountDocument?> RebuildAccountAsync(string creatorId, CancellationToken cancellationToken) => inner.RebuildAccountAsync(creatorId, cancellationToken);
    }
}
