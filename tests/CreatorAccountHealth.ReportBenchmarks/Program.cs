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

    await using var services = new ServiceCollection()
        .AddLogging(b => b.SetMinimumLevel(LogLevel.Error).AddSimpleConsole())
        .AddCreatorAccountHealth(configuration)
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

    // Warm-up, not timed: the same producer for a tenth of the creators with the week before's cutoff (other report and
    // email ids, so Phase R still finds nothing of its own), so Phase R measures the steady state, not the JIT and the
    // first renderings (the webhook benchmark warms up too).
    var warmUp = Stopwatch.StartNew();
    var warmUpCreators = Enumerable.Range(0, Math.Min(seeded.Creators, Math.Max(200, seeded.Creators / 10))).Select(Seeder.CreatorId).ToList();
    var producer = services.GetRequiredService<WeeklyReportProducer>();
    await Parallel.ForEachAsync(
        warmUpCreators,
        new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = stop.Token },
        async (creatorId, ct) => await producer.ProduceAsync(creatorId, cutoff - NodaTime.Duration.FromDays(7), ct));
    var (emailsBefore, bytesBefore) = (sendGrid.Requests.Count, sendGrid.BodyBytes);
    Console.WriteLine($"Warm-up: {warmUpCreators.Count:N0} creators' reports for the week before in {warmUp.Elapsed.TotalSeconds:N1} s (not counted)");

    var reports = new ReportPhase(services, cutoff, options);
    var cpuAtR = Environment.CpuUsage.TotalTime;
    var phaseR = await reports.RunAsync(stop.Token);
    var cpuR = Environment.CpuUsage.TotalTime - cpuAtR;
    Console.WriteLine(phaseR.Describe());
    var emailCount = sendGrid.Requests.Count - emailsBefore;
    var emailBytes = sendGrid.BodyBytes - bytesBefore;
    Console.WriteLine($"SendGrid stand-in received {emailCount:N0} request(s), {emailBytes / Math.Max(1, emailCount):N0} bytes each on average");

    using var raw = cosmos.CreateClient();
    var cpuAtQ = Environment.CpuUsage.TotalTime;
    var phaseQ = await new RawReadPhase(raw.GetContainer(database, ContainerNames.Creators), raw.GetContainer(database, ContainerNames.Reports), options.Concurrency)
        .RunAsync(phaseR.CreatorIds, stop.Token);
    var cpuQ = Environment.CpuUsage.TotalTime - cpuAtQ;
    Console.WriteLine(phaseQ.Describe());
    Console.WriteLine($"CPU of this process per creator: Phase R {cpuR.TotalMilliseconds / phaseR.CreatorIds.Count:N2} ms, Phase Q {cpuQ.TotalMilliseconds / phaseQ.Creators:N2} ms");

    var table = Report.Markdown(options, cosmos.Description, seeded, migration, phaseR, phaseQ, emailCount, emailBytes, cpuR, cpuQ);
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
