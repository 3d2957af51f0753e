using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.ReportBenchmarks;

internal sealed record ReportPhaseResult(
    IReadOnlyList<string> CreatorIds, IReadOnlyList<(string CreatorId, FloorPhase.Route Route)> Routes, int Pages, int Created, int Kept, int NoReport, int Emailed, int NotEmailed, int Failed,
    TimeSpan Elapsed, double P50, double P99, double PageReadP50, string LoadAverage, string? FirstError)
{
    public double CreatorsPerSecond => CreatorIds.Count / Elapsed.TotalSeconds;

    public string Describe() =>
        $"Phase R: {CreatorIds.Count:N0} creators from {Pages:N0} index pages in {Elapsed.TotalSeconds:N1} s = {CreatorsPerSecond:N1} creators/s; " +
        $"per creator p50 {P50:N1} ms, p99 {P99:N1} ms; created {Created:N0}, kept {Kept:N0}, no report {NoReport:N0}, " +
        $"emailed {Emailed:N0}, not emailed {NotEmailed:N0}, failed {Failed:N0}; load {LoadAverage}" +
        (FirstError is null ? "" : $"\n  first failure: {FirstError}");
}

/// <summary>
/// Phase R: what BuildWeeklyReports does for a run, without Service Bus: walk the activity index shard by shard in
/// pages of Reports__CreatorsPerMessage (the function's own ReadPageAsync, with its lookback), and hand every creator to
/// the app's WeeklyReportProducer (ledger read, account read, build, create-if-absent, claim, SendGrid, settle), C creators at a time.
/// In Azure the pages run on many instances; here C stands for that parallelism.
/// </summary>
internal sealed class ReportPhase(IServiceProvider services, Instant cutoff, Options options)
{
    private static readonly Duration LongestQuizWindow = Duration.FromDays(63); // as BuildWeeklyReportsFunction

    public async Task<ReportPhaseResult> RunAsync(CancellationToken cancellationToken)
    {
        var index = services.GetRequiredService<ReportActivityIndex>();
        var producer = services.GetRequiredService<WeeklyReportProducer>();
        var rules = services.GetRequiredService<StandingRules>();
        var pageSize = services.GetRequiredService<IOptions<ReportOptions>>().Value.CreatorsPerMessage;
        var since = cutoff - new[] { rules.PointsActiveFor, rules.RepeatRule.Window, LongestQuizWindow }.Max();

        var work = Channel.CreateBounded<(string CreatorId, string Claimant)>(options.Concurrency * 4);
        var ids = new ConcurrentBag<string>();
        var routes = new ConcurrentBag<(string, FloorPhase.Route)>();
        var latencies = new Latencies();
        var pageReads = new Latencies();
        int created = 0, kept = 0, noReport = 0, emailed = 0, notEmailed = 0, failed = 0, pages = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();

        var reader = Task.Run(async () =>
        {
            try
            {
                for (var shard = 0; shard < ReportActivityIndex.Shards; shard++)
                {
                    var message = ReportShardMessage.FirstPage(cutoff, shard);
                    while (true)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var page = await index.ReadPageAsync(shard, since, message.Continuation, pageSize, cancellationToken);
                        pageReads.Add(Stopwatch.GetElapsedTime(started));
                        pages++;
                        foreach (var id in page.CreatorIds)
                        {
                            await work.Writer.WriteAsync((id, message.MessageId()), cancellationToken);
                        }

                        if (page.Continuation is not { } next)
                        {
                            break;
                        }

                        message = message.NextPage(next);
                    }
                }
            }
            finally
            {
                work.Writer.Complete();
            }
        }, cancellationToken);

        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var (creatorId, _) in work.Reader.ReadAllAsync(cancellationToken))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var outcome = await producer.ProduceAsync(creatorId, cutoff, cancellationToken);
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                    ids.Add(creatorId);
                    routes.Add((creatorId, outcome switch
                    {
                        { ReportId: null } => FloorPhase.Route.NoReport,
                        { Email: CreatorAccountHealth.Functions.Notifications.DeliveryOutcome.Suppressed } => FloorPhase.Route.Suppressed,
                        _ => FloorPhase.Route.Emailed,
                    }));
                    if (outcome.ReportId is null)
                    {
                        Interlocked.Increment(ref noReport);
                        continue;
                    }

                    if (outcome.Created)
                    {
                        Interlocked.Increment(ref created);
                    }
                    else
                    {
                        Interlocked.Increment(ref kept);
                    }

                    if (outcome.Email is CreatorAccountHealth.Functions.Notifications.DeliveryOutcome.Sent)
                    {
                        Interlocked.Increment(ref emailed);
                    }
                    else
                    {
                        Interlocked.Increment(ref notEmailed);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The function logs and goes on (or fails the page and is redelivered); the benchmark counts it.
                    Interlocked.Increment(ref failed);
                    ids.Add(creatorId);
                    Interlocked.CompareExchange(ref firstError, $"{creatorId}: {e.GetType().Name}: {e.Message}", null);
                }
            }
        }, cancellationToken)).ToList();

        var progress = Task.Run(async () =>
        {
            while (!cancellationToken.IsCancellationRequested && !work.Reader.Completion.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromSeconds(15), cancellationToken).ContinueWith(_ => { });
                Console.WriteLine($"  Phase R: {latencies.Count:N0} creators, {latencies.Count / watch.Elapsed.TotalSeconds:N1}/s, load {Machine.LoadAverage()}");
            }
        });

        await reader;
        await Task.WhenAll(workers);
        watch.Stop();
        return new ReportPhaseResult(
            ids.ToList(), routes.ToList(), pages, created, kept, noReport, emailed, notEmailed, failed, watch.Elapsed,
            latencies.Percentile(50), latencies.Percentile(99), pageReads.Percentile(50), Machine.LoadAverage(), firstError);
    }
}
