using System.Diagnostics;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.ReportBenchmarks;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

var options = Options.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

// A private Cosmos protocol server unless asked to share: the fixture reuses whatever answers on $COSMOS_PORT (8081),
// which may be another engineer's server, and 100,000 creators of load would skew their figures (and ours).
if (!options.SharedCosmos
    && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CosmosServer.ConnectionVariable))
    && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("COSMOS_PORT")))
{
    Environment.SetEnvironmentVariable("COSMOS_PORT", "1"); // nothing answers on port 1: the fixture starts its own
}

using var stop = new CancellationTokenSource(options.TimeLimit);
var cosmos = new CosmosServer();
using var finished = new ManualResetEventSlim();

// Bounded whatever happens: a minute past the time limit (or 30 s after Ctrl+C / SIGTERM) the watchdog stops the Cosmos
// server this run started and exits, even if a phase is stuck on a saturated server.
var deadline = DateTime.UtcNow + options.TimeLimit + TimeSpan.FromMinutes(1);
new Thread(() =>
{
    while (!finished.Wait(TimeSpan.FromSeconds(1)))
    {
        if (DateTime.UtcNow < deadline)
        {
            continue;
        }

        Console.Error.WriteLine("Watchdog: the run did not stop in time; stopping the Cosmos server and exiting.");
        try
        {
            cosmos.DisposeAsync().GetAwaiter().GetResult();
        }
        finally
        {
            Environment.Exit(3);
        }
    }
}) { IsBackground = true, Name = "watchdog" }.Start();

await using var sendGrid = await FakeSendGrid.StartAsync(keepBodies: false); // a load test: count the emails, don't hold them

// After FakeSendGrid: its web host's console lifetime registers for SIGINT/SIGTERM too (and only stops itself); every
// registration is called, so these still stop the run.
void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
    deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
}

using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
await cosmos.InitializeAsync();
try
{
    var database = cosmos.NewDatabaseName();
    Console.WriteLine($"Cosmos: {cosmos.Description}; database {database}");
    Console.WriteLine($"SendGrid stand-in: {sendGrid.BaseUrl}");
    Console.WriteLine($"Creators {options.Creators:N0}, concurrency {options.Concurrency}, page {options.CreatorsPerPage}, seed concurrency {options.SeedConcurrency}");
    Console.WriteLine($"Load average at start: {Machine.LoadAverage()} ({Environment.ProcessorCount} cores)");

    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [CosmosOptions.ConnectionName] = cosmos.ConnectionString,
        ["CosmosDb:DatabaseName"] = database,
        ["CosmosDb:RequestTimeout"] = "00:00:30",
        ["Webhook:SigningSecrets"] = "report-benchmark-secret",
        ["CreatorAuth:Issuer"] = "https://platform.example/identity",
        ["CreatorAuth:Audience"] = "creator-account-health",
        ["CreatorAuth:SigningKeys"] = "report-benchmark-creator-token-secret-0123456789",
        ["App:PublicBaseUrl"] = "http://localhost:7071",
        ["AccountLinks:SigningKeys"] = "report-benchmark-account-link-secret-0123456789",
        ["Appeals:UrlTemplate"] = "https://platform.example/appeals/{violationId}",
        ["AlertsQueueName"] = "milestone-alerts",
        ["AlertsRepublishSchedule"] = "0 */1 * * * *",
        ["ReportsQueueName"] = "weekly-reports",
        ["TrainingEmailsQueueName"] = "training-emails",
        ["TrainingEmailsRepublishSchedule"] = "0 */5 * * * *",
        ["ReportsSchedule"] = ReportOptions.DefaultSchedule,
        ["Reports:CreatorsPerMessage"] = options.CreatorsPerPage.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SendGrid:ApiKey"] = "benchmark-key",
        ["SendGrid:Host"] = sendGrid.BaseUrl,
        ["SendGrid:FromEmail"] = "alerts@creator-platform.example",
        ["SendGrid:ReplyTo"] = "support@creator-platform.example",
    }).Build();

    var counter = new OperationCounter();
    await using var services = new ServiceCollection()
        .AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddSimpleConsole())
        .AddCreatorAccountHealth(configuration)
        .AddSingleton<Microsoft.Azure.Cosmos.RequestHandler>(counter)
        .Replace(ServiceDescriptor.Singleton<IQueueSender, DiscardingQueueSender>()) // the benchmark walks the pages itself
        .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

    var containers = services.GetRequiredService<CosmosContainers>();
    await containers.EnsureCreatedAsync(stop.Token);

    var cutoff = NodaTime.Instant.FromDateTimeOffset(DateTimeOffset.UtcNow).Minus(NodaTime.Duration.FromMinutes(1));
    var seeder = new Seeder(containers, services.GetRequiredService<ReportActivityIndex>(),
        services.GetRequiredService<CreatorAccountHealth.Domain.Policies.PolicyCatalog>(), cutoff);
    var seeded = await seeder.SeedAsync(options.Creators, options.SeedConcurrency, stop.Token);
    Console.WriteLine(seeded.Describe());

    // Seeded as events only, as data from before account documents: rebuild every account first (the migration a
    // creator's first touch does), timed on its own so Phase R measures steady state.
    var migration = await Migration.RunAsync(services.GetRequiredService<ICreatorStore>(), Enumerable.Range(0, seeded.Creators).Select(Seeder.CreatorId).ToList(), options.Concurrency, stop.Token);
    Console.WriteLine(migration.Describe());

    // Each phase first runs its own load, not timed, until the JIT has settled (JitWarmUp: the webhook benchmark's rule),
    // so the timed phases measure the steady state, not tiered compilation. Phase R's warm-up reports on the same
    // creators for earlier cutoffs, a day apart (other report and email ids, so Phase R still finds nothing of its own).
    var allCreators = Enumerable.Range(0, seeded.Creators).Select(Seeder.CreatorId).ToList();
    IReadOnlyList<string> Batch(int n) => Enumerable.Range(n * WarmUp.Batch, WarmUp.Batch).Select(k => allCreators[k % allCreators.Count]).ToList();
    var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stop.Token };
    var producer = services.GetRequiredService<WeeklyReportProducer>();
    var index = services.GetRequiredService<ReportActivityIndex>();
    var warmR = await JitWarmUp.RunAsync(
        async (n, ct) =>
        {
            var earlier = cutoff - NodaTime.Duration.FromDays(n + 1);
            await index.ReadPageAsync(n % ReportActivityIndex.Shards, earlier - NodaTime.Duration.FromDays(90), null, options.CreatorsPerPage, ct);
            await Parallel.ForEachAsync(Batch(n), parallel, async (creatorId, ct2) => await producer.ProduceAsync(creatorId, earlier, ct2));
        },
        options.WarmUp,
        stop.Token);
    var (emailsBefore, bytesBefore) = (sendGrid.Requests.Count, sendGrid.BodyBytes);
    Console.WriteLine($"Phase R warm-up: {warmR.Describe($"{WarmUp.Batch} creators' reports")} (not counted)");

    var reports = new ReportPhase(services, cutoff, options);
    counter.Enabled = true;
    var cpuMeterR = new CpuMeter();
    var phaseR = await reports.RunAsync(stop.Token);
    var cpuR = cpuMeterR.Stop();
    counter.Enabled = false;
    Console.WriteLine(phaseR.Describe());
    var emailCount = sendGrid.Requests.Count - emailsBefore;
    var emailBytes = sendGrid.BodyBytes - bytesBefore;
    Console.WriteLine($"SendGrid stand-in received {emailCount:N0} request(s), {emailBytes / Math.Max(1, emailCount):N0} bytes each on average");
    var operationsR = counter.Describe(phaseR.CreatorIds.Count);
    var reportBytes = (int)counter.AverageCreateBytes(ContainerNames.Reports);
    Console.WriteLine($"Phase R Cosmos operations per creator: {operationsR}; a report document {reportBytes:N0} bytes");

    using var raw = cosmos.CreateClient();
    var rawCreators = raw.GetContainer(database, ContainerNames.Creators);
    var rawReports = raw.GetContainer(database, ContainerNames.Reports);
    var rawPhase = new RawReadPhase(rawCreators, rawReports, reportBytes, options.Concurrency);
    var warmQ = await JitWarmUp.RunAsync(async (n, ct) => await rawPhase.RunAsync(Batch(n), ct), options.WarmUp, stop.Token);
    Console.WriteLine($"Phase Q warm-up: {warmQ.Describe($"{WarmUp.Batch} creators")} (not counted)");
    var cpuMeterQ = new CpuMeter();
    var phaseQ = await rawPhase.RunAsync(phaseR.CreatorIds, stop.Token);
    var cpuQ = cpuMeterQ.Stop();
    Console.WriteLine(phaseQ.Describe());

    var floor = new FloorPhase(rawCreators, rawReports, cutoff, reportBytes, options.Concurrency);
    var warmF = await JitWarmUp.RunAsync(
        async (n, ct) => await floor.RunAsync(Batch(n).Select(id => (id, FloorPhase.Route.Emailed)).ToList(), $"warm{n}", ct),
        options.WarmUp,
        stop.Token);
    Console.WriteLine($"Phase F warm-up: {warmF.Describe($"{WarmUp.Batch} creators")} (not counted)");
    var cpuMeterF = new CpuMeter();
    var phaseF = await floor.RunAsync(phaseR.Routes, "run", stop.Token);
    var cpuF = cpuMeterF.Stop();
    Console.WriteLine(phaseF.Describe());

    var cpu = new PhaseCpu(cpuR, phaseR.CreatorIds.Count, cpuQ, phaseQ.Creators, cpuF, phaseF.Creators);
    Console.WriteLine(cpu.Describe());

    var table = Report.Markdown(options, cosmos.Description, seeded, migration, new Warmups(warmR, warmQ, warmF), phaseR, operationsR, reportBytes, phaseQ, phaseF, emailCount, emailBytes, cpu);
    Console.WriteLine();
    Console.WriteLine(table);
    if (options.MarkdownPath is { } path)
    {
        await File.WriteAllTextAsync(path, table);
        Console.WriteLine($"Written to {path}");
    }

    try
    {
        await raw.GetDatabase(database).DeleteAsync();
    }
    catch (Exception e)
    {
        Console.Error.WriteLine($"Could not drop database {database}: {e.Message}");
    }

    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine($"Stopped: time limit ({options.TimeLimit}) reached or cancelled.");
    return 1;
}
finally
{
    await cosmos.DisposeAsync();
    finished.Set();
}

internal static class WarmUp
{
    /// <summary>Creators per warm-up batch (each phase's own load).</summary>
    public const int Batch = 400;
}

internal sealed record Warmups(WarmUpResult R, WarmUpResult Q, WarmUpResult F);

/// <summary>CPU per creator in each phase: this process (app, driver, the SendGrid stand-in), the Cosmos server it started, everyone else.</summary>
internal sealed record PhaseCpu(CpuUse R, int RCreators, CpuUse Q, int QCreators, CpuUse F, int FCreators)
{
    public static string PerCreator(CpuUse use, int creators) =>
        $"this process {use.Driver.TotalMilliseconds / Math.Max(1, creators):N2} ms + Cosmos server {use.Children.TotalMilliseconds / Math.Max(1, creators):N2} ms" +
        $" (others on the machine {use.Other.TotalMilliseconds / Math.Max(1, creators):N2} ms)";

    /// <summary>This process + the Cosmos server, per creator: what the phase costs the machine.</summary>
    public static double Total(CpuUse use, int creators) => (use.Driver + use.Children).TotalMilliseconds / Math.Max(1, creators);

    /// <summary>
    /// The ratios as CPU predicts them: Q's CPU per creator ÷ R's (and ÷ F's). Both phases are CPU-bound on this machine, so
    /// this is what the throughput ratio comes to when nothing else runs, and it hardly moves when other work shares the cores.
    /// </summary>
    public (double RToQ, double FToQ, double RToF) CpuRatios => (
        Total(Q, QCreators) / Total(R, RCreators),
        Total(Q, QCreators) / Total(F, FCreators),
        Total(F, FCreators) / Total(R, RCreators));

    public string Describe() =>
        $"CPU per creator: Phase R {PerCreator(R, RCreators)}; Phase Q {PerCreator(Q, QCreators)}; Phase F {PerCreator(F, FCreators)}\n" +
        $"Ratios by CPU per creator (this process + Cosmos server): R ÷ Q {CpuRatios.RToQ:N3}, F ÷ Q {CpuRatios.FToQ:N3}, R ÷ F {CpuRatios.RToF:N3}";
}

internal sealed record MigrationResult(int Creators, TimeSpan Elapsed, string LoadAverage)
{
    public string Describe() => $"Migration: {Creators:N0} accounts rebuilt in {Elapsed.TotalSeconds:N1} s; load {LoadAverage}";
}

internal static class Migration
{
    public static async Task<MigrationResult> RunAsync(ICreatorStore store, IReadOnlyList<string> creatorIds, int concurrency, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            creatorIds,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (creatorId, ct) => await store.RebuildAccountAsync(creatorId, ct));
        return new MigrationResult(creatorIds.Count, watch.Elapsed, Machine.LoadAverage());
    }
}

internal sealed class DiscardingQueueSender : IQueueSender
{
    public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static class Machine
{
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
