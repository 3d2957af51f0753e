using System.Diagnostics;
using CreatorAccountHealth.Benchmarks;
using CreatorAccountHealth.Functions.Policies;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

// Phase A (signed webhooks through the app) then phase B (raw Cosmos DB writes), against one Cosmos DB server.
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
    IReadOnlyList<RoundTrips> roundTrips;
    HistoryCost historyCost;
    IReadOnlyList<(string Key, double PerEvent)> phaseARequests;
    var appDatabase = cosmos.NewDatabaseName();
    await using (var app = await AppUnderTest.StartAsync(cosmos.ConnectionString, appDatabase, cancel.Token))
    {
        Say($"Local runtime healthy on {app.BaseAddress}, its log in {AppUnderTest.LogPath}.");
        Say($"Phase A: {options.Events:N0} webhooks, {options.Concurrency} concurrent.");
        using var http = WebhookTarget.CreateClient(app.BaseAddress, options.Concurrency);
        webhooks = await MeasureAsync(new WebhookTarget(http, AppUnderTest.SigningSecret, samples), "Phase A", app.Requests.Clear);
        phaseARequests = app.Requests.Requests
            .GroupBy(r => $"{r.Method} {(int)r.Status}")
            .Select(g => (g.Key, PerEvent: g.Count() / (double)options.Events))
            .OrderByDescending(g => g.PerEvent)
            .ToList();
        Say($"Phase A, Cosmos DB document requests per webhook (the app's alert emails included): {string.Join(", ", phaseARequests.Select(r => $"{r.Key} {r.PerEvent:0.00}"))}");

        // Probes, one request at a time: round trips per kind of webhook, then a long history against a short one.
        var probes = new Probes(http, AppUnderTest.SigningSecret, app.Requests, app.Containers.Creators);
        roundTrips = await probes.RoundTripsAsync(cancel.Token);
        foreach (var r in roundTrips)
        {
            Say($"Round trips, {r.Kind}: {r.Average:0.0} per webhook (min {r.Min}, max {r.Max}), {r.Queries} queries; last: {r.Sequence}");
        }

        historyCost = await probes.HistoryCostAsync(pastEvents: 2_000, years: options.HistoryYears, rounds: options.HistoryRounds, cancel.Token);
        Say($"History cost: webhook median {historyCost.WebhookHeavy:0.00} ms vs {historyCost.WebhookLight:0.00} ms (ratio {historyCost.WebhookRatio:0.00}); standing {historyCost.StandingHeavy:0.00} ms vs {historyCost.StandingLight:0.00} ms (ratio {historyCost.StandingRatio:0.00})");
    }

    // The app is stopped first, so phase B has the machine to itself, as phase A had.
    Say($"Phase B: {options.Events:N0} raw writes, {options.Concurrency} concurrent.");
    await storage.EnsureCreatedAsync(cancel.Token);
    var rawWrites = await MeasureAsync(new RawCosmosTarget(storage.Creators, samples), "Phase B");

    await DeleteDatabasesAsync(storage.Database.Client, [appDatabase, storage.Options.DatabaseName]);

    var markdown = Report.ToMarkdown(options, machine, webhooks, rawWrites, roundTrips, historyCost, phaseARequests);
    Console.WriteLine();
    Console.WriteLine(markdown);
    Console.Write(Report.Errors("Phase A", webhooks) + Report.Errors("Phase B", rawWrites));
    if (options.MarkdownPath is not null)
    {
        await File.WriteAllTextAsync(options.MarkdownPath, markdown);
        Say($"Markdown written to {Path.GetFullPath(options.MarkdownPath)}.");
    }

    var failed = webhooks.ErrorCount + rawWrites.ErrorCount;
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
async Task<PhaseResult> MeasureAsync(ILoadTarget target, string phase, Action? measuredRunStarts = null)
{
    var warmUpStarted = Stopwatch.GetTimestamp();
    var batches = 0;
    var jitShare = 1.0;
    do
    {
        var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
        var batchStarted = Stopwatch.GetTimestamp();
        var warmUp = await LoadDriver.RunAsync(target, $"warm{batches++}", BenchmarkOptions.WarmUpBatch, options.Concurrency, cancel.Token);
        if (warmUp.ErrorCount > 0)
        {
            throw new InvalidOperationException($"{phase} warm-up failed:{Environment.NewLine}{Report.Errors(phase, warmUp)}");
        }

        jitShare = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore) / Stopwatch.GetElapsedTime(batchStarted);
    }
    while (Stopwatch.GetElapsedTime(warmUpStarted) < options.WarmUp
        || (jitShare > BenchmarkOptions.SettledJitShare && Stopwatch.GetElapsedTime(warmUpStarted) < BenchmarkOptions.MaxWarmUp));

    var warmUpRequests = batches * BenchmarkOptions.WarmUpBatch;
    var warmUpTime = Stopwatch.GetElapsedTime(warmUpStarted);
    Say($"{phase}: warmed up with {warmUpRequests:N0} requests in {warmUpTime.TotalSeconds:0.0} s (JIT {jitShare:P1} of the last batch's time).");
    measuredRunStarts?.Invoke();
    var result = await LoadDriver.RunAsync(target, "run", options.Events, options.Concurrency, cancel.Token) with { WarmUpRequests = warmUpRequests, WarmUpTime = warmUpTime };
    Say($"{phase}: {result.PerSecond:N0}/s, p50 {result.Latency.P50:0.0} ms, p99 {result.Latency.P99:0.0} ms, {result.ErrorCount:N0} errors.");
    var others = result.Cpu.Other / result.Elapsed;
    if (others > OtherCoresWarning)
    {
        Say($"WARNING: other processes kept {others:0.00} cores busy during {phase}: its figures are skewed. Run again on a quiet machine.");
    }

    return result;
}

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
