using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// Builds, stores and emails the weekly reports of one page of one shard's active creators, one creator at a time.
/// The payload binds as a POCO (settled automatically): the function ends normally unless the queue itself can't take
/// what it hands on, and then the failure only needs Service Bus's redelivery.
/// <list type="bullet">
/// <item>A creator whose report email is settled is skipped after one point read (<see cref="WeeklyReportProducer"/>).</item>
/// <item>The page has a time budget (<c>Reports__PageTimeBudget</c>): when it runs out, the unfinished rest goes on the
/// queue as its own message, so no page outlives its message lock.</item>
/// <item>SendGrid or storage unavailable, our SendGrid key refused, or another delivery holding a creator's email: the rest
/// of the page from that creator is re-scheduled (<see cref="Backoff"/>, Service Bus scheduled enqueue time); past
/// <c>Notifications__MaxMessageAge</c> each remaining creator gets a recorded failure that a re-run retries.</item>
/// <item>Anything else going wrong for one creator (a bug, bad data) is recorded as that creator's failure, which a re-run
/// of the period retries, and the page goes on. SendGrid refusing one email for good settles it as refused.</item>
/// </list>
/// </summary>
public sealed class BuildWeeklyReportsFunction(
    ReportActivityIndex index,
    WeeklyReportProducer producer,
    IQueueSender queue,
    StandingRules rules,
    IOptions<ReportOptions> options,
    IOptions<NotificationOptions> notificationOptions,
    TimeProvider time,
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
        var started = time.GetTimestamp();
        var cutoff = message.CutoffInstant();
        var messageId = message.MessageId();
        var creators = message.Rest ?? await ReadPageAsync(message, cutoff, cancellationToken);

        var tally = new PageTally();
        for (var i = 0; i < creators.Count; i++)
        {
            if (time.GetElapsedTime(started) >= options.Value.PageTimeBudget)
            {
                await HandOnAsync(message.RestOf(creators, i, message.Attempt, message.FirstQueuedAt ?? time.GetUtcNow()), null, cancellationToken);
                logger.LogInformation("{MessageId}: time budget spent after {Done} creator(s); the other {Rest} go on as their own message", messageId, i, creators.Count - i);
                break;
            }

            var creatorId = creators[i];
            DeliveryOutcome.RetryLater? retry;
            try
            {
                var outcome = await producer.ProduceAsync(creatorId, cutoff, cancellationToken);
                tally.Add(outcome);
                retry = outcome.Email as DeliveryOutcome.RetryLater;
            }
            catch (StorageUnavailableException e)
            {
                retry = new DeliveryOutcome.RetryLater($"Storage unavailable: {e.Message}", e.RetryAfter);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                tally.Failed++;
                logger.LogError(e, "Weekly report of creator {CreatorId} failed in {MessageId}; recorded for a re-run to retry, and the rest of the page goes on", creatorId, messageId);
                await producer.RecordFailureAsync(creatorId, cutoff, $"{e.GetType().Name}: {e.Message}", cancellationToken);
                continue;
            }

            if (retry is not null)
            {
                await RetryRestAsync(message, creators, i, retry, cancellationToken);
                break;
            }
        }

        logger.LogInformation(
            "{MessageId}: {Creators} creator(s), {Settled} settled before, {NoReport} without a report, {Created} report(s) created, {Kept} kept from an earlier run, {Emailed} emailed, {NotEmailed} not emailed (opted out, no address or refused), {Failed} failed",
            messageId, creators.Count, tally.Settled, tally.NoReport, tally.Created, tally.Kept, tally.Emailed, tally.NotEmailed, tally.Failed);
    }

    private async Task<IReadOnlyList<string>> ReadPageAsync(ReportShardMessage message, Instant cutoff, CancellationToken cancellationToken)
    {
        var page = await index.ReadPageAsync(
            message.Shard, cutoff - ActivityLookback(rules), message.Continuation, options.Value.CreatorsPerMessage, cancellationToken);

        // The next page goes on the queue before this one is worked through, so a shard's pages run side by side on
        // as many instances as the app scales to. A redelivery of this page sends it again under the same MessageId,
        // which duplicate detection drops.
        if (page.Continuation is { } next)
        {
            await queue.SendAsync(options.Value.QueueName, message.NextPage(next).ToOutgoing(), cancellationToken);
        }

        return page.CreatorIds;
    }

    /// <summary>The rest of the page, from creator <paramref name="index"/>, tried again later; past the maximum age, recorded as failed.</summary>
    private async Task RetryRestAsync(ReportShardMessage message, IReadOnlyList<string> creators, int index, DeliveryOutcome.RetryLater retry, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var firstQueuedAt = message.FirstQueuedAt ?? now;
        var attempt = message.Attempt + 1;
        if (Backoff.Next(attempt, retry.NotBefore, now - firstQueuedAt, notificationOptions.Value, Random.Shared.NextDouble()) is not { } delay)
        {
            logger.LogError(
                "{MessageId}: still failing {Age} after it was first queued ({Reason}); {Rest} creator(s) recorded as failed for a re-run",
                message.MessageId(), now - firstQueuedAt, retry.Reason, creators.Count - index);
            foreach (var creatorId in creators.Skip(index))
            {
                await producer.RecordFailureAsync(creatorId, message.CutoffInstant(), $"Gave up after Notifications__MaxMessageAge: {retry.Reason}", cancellationToken);
            }

            return;
        }

        await HandOnAsync(message.RestOf(creators, index, attempt, firstQueuedAt), now + delay, cancellationToken);
        logger.LogWarning("{MessageId}: {Rest} creator(s) re-scheduled in {Delay}: {Reason}", message.MessageId(), creators.Count - index, delay, retry.Reason);
    }

    /// <exception cref="QueueUnavailableException">The queue can't take it: the message fails and Service Bus redelivers it.</exception>
    private Task HandOnAsync(ReportShardMessage rest, DateTimeOffset? at, CancellationToken cancellationToken) =>
        queue.SendAsync(options.Value.QueueName, rest.ToOutgoing() with { ScheduledEnqueueTime = at }, cancellationToken);

    /// <summary>
    /// How far back a creator's last activity may lie for a report to have anything to show: points still active, the
    /// repeat rule's window, a quiz still open, this week and the week before it for the trend. Creators quiet for longer
    /// are left out of the run rather than sent an empty report every week.
    /// </summary>
    private static Duration ActivityLookback(StandingRules rules) =>
        new[] { rules.PointsActiveFor, rules.RepeatRule.Window, LongestQuizWindow }.Max();

    private sealed class PageTally
    {
        public int Settled { get; private set; }

        public int NoReport { get; private set; }

        public int Created { get; private set; }

        public int Kept { get; private set; }

        public int Emailed { get; private set; }

        public int NotEmailed { get; private set; }

        public int Failed { get; set; }

        public void Add(CreatorReportOutcome outcome)
        {
            if (outcome.ReportId is null)
            {
                if (outcome.Email is DeliveryOutcome.AlreadySettled)
                {
                    Settled++;
                }
                else
                {
                    NoReport++;
                }

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
                case DeliveryOutcome.Sent:
                    Emailed++;
                    break;
                case DeliveryOutcome.Suppressed or DeliveryOutcome.Refused:
                    NotEmailed++;
                    break;
            }
        }
    }
}
