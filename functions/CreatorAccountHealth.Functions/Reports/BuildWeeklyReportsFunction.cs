using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// Builds, stores and emails the weekly reports of one page of one shard's active creators, one creator at a time.
/// The payload binds as a POCO (settled automatically): a failure only needs a retry, never a hand-made dead-letter.
/// <list type="bullet">
/// <item>Storage or SendGrid unavailable: the exception fails the message, Service Bus redelivers it, and the creators
/// already done are skipped on the way back (every step is idempotent).</item>
/// <item>Anything else going wrong for one creator (a bug, bad data, SendGrid refusing the email for good) is logged
/// and the page goes on: one creator never holds up the others.</item>
/// </list>
/// </summary>
public sealed class BuildWeeklyReportsFunction(
    ReportActivityIndex index,
    WeeklyReportProducer producer,
    IQueueSender queue,
    StandingRules rules,
    IOptions<ReportOptions> options,
    AppMetrics metrics,
    ILogger<BuildWeeklyReportsFunction> logger)
{
    /// <summary>
    /// The longest a quiz stays open after its violation: to the end of the month after issue (62 days at most), plus a
    /// day for the creator's zone.
    /// </summary>
    private static readonly Duration LongestQuizWindow = Duration.FromDays(63);

    [Function("BuildWeeklyReports")]
    public async Task Run(
        [ServiceBusTrigger("%ReportsQueueName%", Connection = "ServiceBusConnection")] ReportShardMessage message,
        CancellationToken cancellationToken)
    {
        var cutoff = message.CutoffInstant();
        var claimant = message.MessageId();
        var page = await index.ReadPageAsync(
            message.Shard, cutoff - ActivityLookback(rules), message.Continuation, options.Value.CreatorsPerMessage, cancellationToken);

        // The next page goes on the queue before this one is worked through, so a shard's pages run side by side on
        // as many instances as the app scales to. A redelivery of this page sends it again under the same MessageId,
        // which duplicate detection drops.
        if (page.Continuation is { } next)
        {
            await queue.SendAsync(options.Value.QueueName, message.NextPage(next).ToOutgoing(), cancellationToken);
        }

        var tally = new PageTally();
        foreach (var creatorId in page.CreatorIds)
        {
            try
            {
                tally.Add(await producer.ProduceAsync(creatorId, cutoff, claimant, cancellationToken));
            }
            catch (Exception e) when (e is not (StorageUnavailableException or ReportEmailUnavailableException or OperationCanceledException))
            {
                tally.Failed++;
                logger.LogError(e, "Weekly report of creator {CreatorId} failed in {MessageId}; the rest of the page goes on", creatorId, claimant);
            }
        }

        // Progress of the run, so an operator can see how far it is (and infra's alert can see that it finished).
        var run = ReportShardMessage.RunIdFor(cutoff);
        metrics.ReportCreatorsAt(run, "due", page.CreatorIds.Count);
        metrics.ReportCreatorsAt(run, "built", tally.Created);
        metrics.ReportCreatorsAt(run, "emailed", tally.Emailed);
        metrics.ReportCreatorsAt(run, "failed", tally.Failed);
        metrics.Email(ReportEmailer.Category, AppMetrics.EmailOutcomes.Suppressed, tally.Skipped);

        if (page.Continuation is null)
        {
            metrics.ReportShardFinished(run);
        }

        logger.LogInformation(
            "{MessageId}: {Creators} creator(s), {NoReport} without a report, {Created} report(s) created, {Kept} kept from an earlier run, {Emailed} emailed, {NotEmailed} not emailed (opted out, no address or refused), {Failed} failed",
            claimant, page.CreatorIds.Count, tally.NoReport, tally.Created, tally.Kept, tally.Emailed, tally.NotEmailed, tally.Failed);
    }

    /// <summary>
    /// How far back a creator's last activity may lie for a report to have anything to show: points still active, the
    /// repeat rule's window, a quiz still open, this week and the week before it for the trend. Creators quiet for longer
    /// are left out of the run rather than sent an empty report every week.
    /// </summary>
    private static Duration ActivityLookback(StandingRules rules) =>
        new[] { rules.PointsActiveFor, rules.RepeatRule.Window, LongestQuizWindow }.Max();

    private sealed class PageTally
    {
        public int NoReport { get; private set; }

        public int Created { get; private set; }

        public int Kept { get; private set; }

        public int Emailed { get; private set; }

        public int NotEmailed { get; private set; }

        /// <summary>Of <see cref="NotEmailed"/>, those not emailed on purpose (opted out, no address).</summary>
        public int Skipped { get; private set; }

        public int Failed { get; set; }

        public void Add(CreatorReportOutcome outcome)
        {
            if (outcome.ReportId is null)
            {
                NoReport++;
                return;
            }

            if (outcome.Created)
            {
                Created++;
            }
            else
            {
                Kept++;
            }

            switch (outcome.Email)
            {
                case ReportEmailResult.Sent:
                    Emailed++;
                    break;
                case ReportEmailResult.Skipped:
                    NotEmailed++;
                    Skipped++;
                    break;
                case ReportEmailResult.Rejected:
                    NotEmailed++;
                    break;
            }
        }
    }
}
