using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>A started run: its id (the same for the same cutoff), the cutoff its periods end at, how many shard messages it queued.</summary>
public sealed record ReportRun(string RunId, Instant PeriodEnd, int Shards);

/// <summary>
/// Starts a weekly report run: page 0 of every shard of the activity index goes onto the report queue. The one code path
/// behind the weekly timer and the hand-started run. Message ids are deterministic per (cutoff, shard, page), so starting
/// the same run twice within the queue's duplicate-detection window queues nothing more.
/// </summary>
public sealed class WeeklyReportRuns(IQueueSender queue, IOptions<ReportOptions> options, AppMetrics metrics, ILogger<WeeklyReportRuns> logger)
{
    /// <param name="cutoff">The run's cutoff: each creator's report covers the seven local days before the day it falls on.</param>
    /// <exception cref="QueueUnavailableException">The queue could not take every shard; starting the run again is safe.</exception>
    public async Task<ReportRun> StartAsync(Instant cutoff, CancellationToken cancellationToken)
    {
        for (var shard = 0; shard < ReportActivityIndex.Shards; shard++)
        {
            await queue.SendAsync(options.Value.QueueName, ReportShardMessage.FirstPage(cutoff, shard).ToOutgoing(), cancellationToken);
        }

        var run = new ReportRun(ReportShardMessage.RunIdFor(cutoff), cutoff, ReportActivityIndex.Shards);
        logger.LogInformation("Weekly report run {RunId} started: {Shards} shard messages queued", run.RunId, run.Shards);
        metrics.ReportRunStarted(run.RunId);
        return run;
    }
}
