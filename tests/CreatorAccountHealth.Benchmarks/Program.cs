using System.Diagnostics;
using CreatorAccountHealth.Benchmarks;
using CreatorAccountHealth.Functions.Policies;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using System.Text.Json.Nodes;

// Phase A (signed webhooks through the app), the probes, intake apart from the alert emails (A', E, Q) and the floor
// (F1-F3), then phase B (raw Cosmos DB writes), against one Cosmos DB server.
// Exit code: 0 all good, 1 any request failed or the run could not complete, 2 bad arguments.
BenchmarkOptions options;
try
{
    options = BenchmarkOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}{BenchmarkOptions.Usage}");
    return 2;
}

var runStarted = Stopwatch.GetTimestamp();
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop the phases, then clean up (the Cosmos server we started must not outlive us)
    cancel.Cancel();
};

// The driver's own lines, always to the real stdout (the app's console goes to a file while it runs).
var output = Console.Out;
void Say(string line) => output.WriteLine($"[benchmark] {line}");

// Above this many cores used by unrelated processes during a phase, say its figures can't be trusted.
const double OtherCoresWarning = 0.2;

// The no-alert load: 1-point violations, two per creator (seed and measured pass), far below the first milestone's
// approach zone and the repeat rule's count.
const string QuietPolicy = "unattended-livestream";
const string QuietCreatorPrefix = "quiet-creator-";
var queueDrainTimeout = TimeSpan.FromMinutes(5);

var cosmos = new CosmosServer();
try
{
    await cosmos.InitializeAsync();
    Say($"Cosmos DB: {cosmos.Description}.");
    var machine = MachineFacts.Collect(cosmos.Description);
    var samples = new ViolationSamples(new PolicyCatalogOptions().Load().Policies, DateTimeOffset.UtcNow.AddDays(-1));

    // Phase B's client doubles as the cleanup client for both databases. Built exactly as the app builds its own.
    using var storage = new CosmosContainers(Options.Create(new CosmosOptions
    {
        ConnectionString = cosmos.ConnectionString,
        DatabaseName = cosmos.NewDatabaseName(),
    }));

    PhaseResult webhooks;
    IntakeBreakdown breakdown;
    IReadOnlyList<RoundTrips> roundTrips;
    HistoryCost historyCost;
    IReadOnlyList<(string Key, double PerEvent)> phaseARequests;
    var appDatabase = cosmos.NewDatabaseName();

    // Phase B's database exists from the start: the floor probe writes there while the app still runs.
    await storage.EnsureCreatedAsync(cancel.Token);
    await using var sendGrid = await FakeSendGrid.StartAsync(keepBodies: false);
    await using (var app = await AppUnderTest.StartAsync(cosmos.ConnectionString, appDatabase, sendGrid.BaseUrl, cancel.Token))
    {
        Say($"Local runtime healthy on {app.BaseAddress}, its log in {AppUnderTest.LogPath}.");
        Say($"Phase A: {options.Events:N0} webhooks, {options.Concurrency} concurrent.");
        using var http = WebhookTarget.CreateClient(app.BaseAddress, options.Concurrency);
        webhooks = await MeasureAsync(new WebhookTarget(http, AppUnderTest.SigningSecret, samples), "Phase A", app.Requests.Clear);
        phaseARequests = RequestsPerEvent(app.Requests, options.Events);
        Say($"Phase A, Cosmos DB document requests per webhook (the app's alert emails included): {Describe(phaseARequests)}");

        // Probes, one request at a time: round trips per kind of webhook, then a long history against a short one.
        // The alert emails held meanwhile: the count is the webhook's own requests, not those of an email sent alongside.
        var probes = new Probes(http, AppUnderTest.SigningSecret, app.Requests, app.Containers.Creators);
        app.Queue.DisableReceive(app.AlertsQueueName);
        try
        {
            roundTrips = await probes.RoundTripsAsync(cancel.Token);
        }
        finally
        {
            app.Queue.EnableReceive(app.AlertsQueueName);
        }

        foreach (var r in roundTrips)
        {
            Say($"Round trips, {r.Kind}: {r.Average:0.0} per webhook (min {r.Min}, max {r.Max}), {r.Queries} queries; last: {r.Sequence}");
        }

        historyCost = await probes.HistoryCostAsync(pastEvents: 2_000, years: options.HistoryYears, rounds: options.HistoryRounds, cancel.Token);
        Say($"History cost: webhook median {historyCost.WebhookHeavy:0.00} ms vs {historyCost.WebhookLight:0.00} ms (ratio {historyCost.WebhookRatio:0.00}); standing {historyCost.StandingHeavy:0.00} ms vs {historyCost.StandingLight:0.00} ms (ratio {historyCost.StandingRatio:0.00})");

        // After the probes, which count every request the app makes: the phases below leave alert-outbox markers behind
        // for the republish timer, whose requests would land in the probes' counts.
        breakdown = await MeasureIntakeApartAsync(app, http, samples, storage.Creators, webhooks.WarmUpRequests);
    }

    // The app is stopped first, so phase B has the machine to itself, as phase A had.
    Say($"Phase B: {options.Events:N0} raw writes, {options.Concurrency} concurrent.");
    var rawWrites = await MeasureAsync(new RawCosmosTarget(storage.Creators, samples), "Phase B");

    await DeleteDatabasesAsync(storage.Database.Client, [appDatabase, storage.Options.DatabaseName]);

    var markdown = Report.ToMarkdown(options, machine, webhooks, rawWrites, roundTrips, historyCost, phaseARequests, breakdown);
    Console.WriteLine();
    Console.WriteLine(markdown);
    Console.Write(string.Concat(breakdown.Phases.Select(p => Report.Errors(p.Name, p.Result))) + Report.Errors("Phase A", webhooks) + Report.Errors("Phase B", rawWrites));
    if (options.MarkdownPath is not null)
    {
        await File.WriteAllTextAsync(options.MarkdownPath, markdown);
        Say($"Markdown written to {Path.GetFullPath(options.MarkdownPath)}.");
    }

    var failed = webhooks.ErrorCount + rawWrites.ErrorCount + breakdown.Phases.Sum(p => p.Result.ErrorCount);
    Say($"Total run time {Stopwatch.GetElapsedTime(runStarted).TotalSeconds:0.0} s. {(failed == 0 ? "No errors." : $"FAILED: {failed:N0} requests did not succeed.")}");
    return failed == 0 ? 0 : 1;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Say("Cancelled.");
    return 1;
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"[benchmark] The run could not complete: {e}");
    return 1;
}
finally
{
    await cosmos.DisposeAsync();
}

// The warm-up (same load, its own ids, not counted) then the measured run. The warm-up lasts at least --warmup and
// until the JIT has settled: tiered compilation keeps recompiling hot methods (instrumented, then optimized) for a
// while under load, and on two busy cores that took longer than 10 s; measuring before it settles measures the JIT.
async Task<PhaseResult> MeasureAsync(ILoadTarget target, string phase, Action? measuredRunStarts = null, string batchPrefix = "", TimeSpan? minWarmUp = null)
{
    var warmUp = await JitWarmUp.RunAsync(
        async (batch, ct) =>
        {
            var run = await LoadDriver.RunAsync(target, $"{batchPrefix}warm{batch}", BenchmarkOptions.WarmUpBatch, options.Concurrency, ct);
            if (run.ErrorCount > 0)
            {
                throw new InvalidOperationException($"{phase} warm-up failed:{Environment.NewLine}{Report.Errors(phase, run)}");
            }
        },
        minWarmUp ?? options.WarmUp,
        cancel.Token);
    var warmUpRequests = warmUp.Batches * BenchmarkOptions.WarmUpBatch;
    var warmUpTime = warmUp.Elapsed;
    Say($"{phase}: warmed up with {warmUpRequests:N0} requests in {warmUpTime.TotalSeconds:0.0} s (JIT {warmUp.JitShare:P1} of the last batch's time).");
    measuredRunStarts?.Invoke();
    var result = await LoadDriver.RunAsync(target, $"{batchPrefix}run", options.Events, options.Concurrency, cancel.Token) with { WarmUpRequests = warmUpRequests, WarmUpTime = warmUpTime };
    return Measured(phase, result);
}

PhaseResult Measured(string phase, PhaseResult result)
{
    Say($"{phase}: {result.PerSecond:N0}/s, p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, {result.ErrorCount:N0} errors, CPU {Report.CpuPerRequest(result):0.00} ms per operation.");
    var others = result.Cpu.Other / result.Elapsed;
    if (others > OtherCoresWarning)
    {
        Say($"WARNING: other processes kept {others:0.00} cores busy during {phase}: its figures are skewed. Run again on a quiet machine.");
    }

    return result;
}

// Intake apart from what the same process does meanwhile: phase A's load with the alert emails held and then
// delivered as a phase of their own; a load that fires no alert at all; and the floor, what the cheapest conceivable
// webhook costs on this machine.
async Task<IntakeBreakdown> MeasureIntakeApartAsync(AppUnderTest app, HttpClient http, ViolationSamples samples, Container rawContainer, int phaseAWarmUpRequests)
{
    var alertsQueue = app.AlertsQueueName;

    // A': phase A's load on creators of its own, brought to the state phase A's creators were in when it was measured
    // (as many warm-up requests, the emails sent meanwhile), then measured with the alert queue's receiving disabled.
    Say($"Phase A': phase A's load on creators of its own ({phaseAWarmUpRequests:N0} requests first, as phase A's warm-up), then {options.Events:N0} webhooks with the alert emails held on their queue.");
    var held = new WebhookTarget(http, AppUnderTest.SigningSecret, samples.ForCreators("held-creator-"));
    for (var batch = 0; batch * BenchmarkOptions.WarmUpBatch < phaseAWarmUpRequests; batch++)
    {
        EnsureNoErrors("Phase A' warm-up", await LoadDriver.RunAsync(held, $"warm{batch}", BenchmarkOptions.WarmUpBatch, options.Concurrency, cancel.Token));
    }

    await QueueDrainedAsync(app, alertsQueue, "Phase A' warm-up's alert emails");
    PhaseResult heldIntake;
    PhaseResult emails;
    IReadOnlyList<(string Key, double PerEvent)> heldRequests;
    IReadOnlyList<(string Key, double PerEvent)> emailRequests;
    app.Queue.DisableReceive(alertsQueue);
    try
    {
        app.Requests.Clear();
        heldIntake = Measured("Phase A'", await LoadDriver.RunAsync(held, "run", options.Events, options.Concurrency, cancel.Token));
        heldRequests = RequestsPerEvent(app.Requests, options.Events);
        Say($"Phase A', Cosmos DB document requests per webhook: {Describe(heldRequests)}");

        // E: the emails phase A' queued, delivered now, each as the alert-email function handles it, at its own concurrency.
        var queued = app.Queue.ActiveMessageCount(alertsQueue);
        app.Requests.Clear();
        var cpu = new CpuMeter();
        var started = Stopwatch.GetTimestamp();
        app.Queue.EnableReceive(alertsQueue);
        await QueueDrainedAsync(app, alertsQueue, "Phase E");
        emails = new PhaseResult(queued, Stopwatch.GetElapsedTime(started), cpu.Stop(), new LatencySummary(double.NaN, double.NaN, double.NaN, double.NaN), new Dictionary<string, int>());
        emailRequests = RequestsPerEvent(app.Requests, Math.Max(1, queued));
        Say($"Phase E: {queued:N0} alert emails ({queued / (double)options.Events:0.00} per webhook of phase A') delivered in {emails.Elapsed.TotalSeconds:0.00} s, {emails.PerSecond:N0}/s, CPU {Report.CpuPerRequest(emails):0.00} ms per email; Cosmos DB requests per email: {Describe(emailRequests)}");
    }
    finally
    {
        app.Queue.EnableReceive(alertsQueue);
    }

    // Q: violations that fire no alert. One low-point violation per creator and pass (creators as many as webhooks):
    // the seed pass gives each an account (first touch, not timed), the measured pass is the steady state.
    Say($"Phase Q: {options.Events:N0} violations that fire no alert, one per creator, after a seed pass giving each creator its account.");
    var quiet = new WebhookTarget(http, AppUnderTest.SigningSecret, samples.Only(QuietPolicy, QuietCreatorPrefix, options.Events));
    EnsureNoErrors("Phase Q seed pass", await LoadDriver.RunAsync(quiet, "seed", options.Events, options.Concurrency, cancel.Token));
    await QueueDrainedAsync(app, alertsQueue, "Phase Q seed pass");
    app.Requests.Clear();
    var quietIntake = Measured("Phase Q", await LoadDriver.RunAsync(quiet, "run", options.Events, options.Concurrency, cancel.Token));
    var quietRequests = RequestsPerEvent(app.Requests, options.Events);
    Say($"Phase Q, Cosmos DB document requests per webhook: {Describe(quietRequests)}");
    if (quietRequests.Sum(r => r.PerEvent) > 3.05)
    {
        Say("WARNING: phase Q made more than 3 requests per webhook: some of its violations fired an alert or lost a race; it is not the no-alert path alone.");
    }

    // F: the floor. F1 the same signed requests answered 401 by the HMAC check (no storage); F2 the three raw Cosmos DB
    // requests a violation without an alert needs, on accounts copied from one the app wrote in phase Q; F3 both in turn.
    using var account = await app.Containers.Creators.ReadItemStreamAsync(AccountDocument.DocumentId, new PartitionKey($"{QuietCreatorPrefix}0000"), cancellationToken: cancel.Token);
    account.EnsureSuccessStatusCode();
    var storageHalf = await RawViolationStorageTarget.SeedAsync(rawContainer, samples, JsonNode.Parse(account.Content)!.AsObject(), cancel.Token);
    var badSignature = WebhookTarget.BadSignature(http, AppUnderTest.SigningSecret, samples);
    Say($"Floor probe: F1 bad signature (401), F2 raw read + create + If-Match replace of a {storageHalf.AccountBytes:N0}-byte account, F3 both in turn; each {options.Events:N0} operations, {options.Concurrency} concurrent.");
    var f1 = await MeasureAsync(badSignature, "Floor F1", batchPrefix: "f1-", minWarmUp: TimeSpan.Zero);
    var f2 = await MeasureAsync(storageHalf, "Floor F2", batchPrefix: "f2-", minWarmUp: TimeSpan.Zero);
    var f3 = await MeasureAsync(new FloorTarget(badSignature, storageHalf), "Floor F3", batchPrefix: "f3-", minWarmUp: TimeSpan.Zero);
    return new IntakeBreakdown(heldIntake, heldRequests, emails, emailRequests, quietIntake, quietRequests, f1, f2, f3, storageHalf.AccountBytes);
}

void EnsureNoErrors(string what, PhaseResult result)
{
    if (result.ErrorCount > 0)
    {
        throw new InvalidOperationException($"{what} failed:{Environment.NewLine}{Report.Errors(what, result)}");
    }
}

// Every message of the queue settled (completed or dead-lettered); a backlog that outlives the deadline is an error.
async Task QueueDrainedAsync(AppUnderTest app, string queueName, string what)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * queueDrainTimeout.TotalSeconds);
    while (app.Queue.ActiveMessageCount(queueName) > 0)
    {
        if (Stopwatch.GetTimestamp() > deadline)
        {
            throw new TimeoutException($"{what}: {app.Queue.ActiveMessageCount(queueName):N0} messages still on queue {queueName} after {queueDrainTimeout.TotalSeconds:0} s.");
        }

        await Task.Delay(10, cancel.Token);
    }
}

static IReadOnlyList<(string Key, double PerEvent)> RequestsPerEvent(CosmosRequestLog log, int events) =>
    log.Requests
        .GroupBy(r => $"{r.Method} {(int)r.Status}")
        .Select(g => (g.Key, PerEvent: g.Count() / (double)events))
        .OrderByDescending(g => g.PerEvent)
        .ToList();

static string Describe(IEnumerable<(string Key, double PerEvent)> requests) => string.Join(", ", requests.Select(r => $"{r.Key} {r.PerEvent:0.00}"));

// Only matters on a shared server (a developer's `npm start` or the emulator); a private one dies with us anyway.
async Task DeleteDatabasesAsync(CosmosClient client, IEnumerable<string> names)
{
    foreach (var name in names)
    {
        try
        {
            await client.GetDatabase(name).DeleteAsync(cancellationToken: cancel.Token);
        }
        catch (CosmosException e)
        {
            Say($"Could not delete database {name}: {(int)e.StatusCode} {e.StatusCode}.");
        }
    }
}
