using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// Sends workshop emails that a request left pending: Service Bus was down, or the process stopped between the decision's
/// write and its flush. Reads the pending-mail index (one single-partition query), and for each marker older than
/// <see cref="Grace"/> reads the workshop, flushes its outbox and deletes the marker when nothing is left (<c>If-Match</c>, so
/// a request that marked it again meanwhile keeps it). A failure leaves the marker for the next run.
/// </summary>
public sealed class RepublishTrainingEmailsFunction(
    TrainingStore store,
    TrainingEmailOutbox outbox,
    TimeProvider time,
    ILogger<RepublishTrainingEmailsFunction> logger)
{
    /// <summary>
    /// Leave fresh markers to the request that is flushing them right now. Also bounds how long a request may take from
    /// its marker to its write (one Cosmos DB call, seconds): a marker this old with nothing behind it is stale.
    /// </summary>
    public static readonly Duration Grace = Duration.FromMinutes(2);

    [Function("RepublishTrainingEmails")]
    public async Task Run([TimerTrigger("%TrainingEmailsRepublishSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var due = (await store.PendingEmailMarkersAsync(cancellationToken)).Where(m => m.MarkedAt <= now - Grace).ToList();
        int flushed = 0, stillPending = 0, failed = 0;
        foreach (var marker in due)
        {
            try
            {
                var workshop = await store.GetAsync(marker.TrainingId, cancellationToken);
                if (workshop is null)
                {
                    // Workshops are never deleted; a marker without one has nothing to send.
                    logger.LogWarning("Pending-mail marker for unknown workshop {TrainingId} removed", marker.TrainingId);
                    await store.UnmarkPendingEmailsAsync(marker.TrainingId, marker.ETag, cancellationToken);
                    continue;
                }

                var left = await outbox.FlushAsync(workshop, marker.ETag, cancellationToken);
                if (left == 0)
                {
                    flushed++;
                }
                else
                {
                    stillPending += left;
                    failed++;
                }
            }
            catch (StorageUnavailableException e)
            {
                failed++;
                logger.LogWarning(e, "Pending training emails of {TrainingId} left for the next run: storage unavailable", marker.TrainingId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Oldest first: one workshop failing for good must not hold back every workshop marked after it.
                failed++;
                logger.LogError(e, "Pending training emails of {TrainingId} left for the next run: unexpected failure", marker.TrainingId);
            }
        }

        if (due.Count > 0)
        {
            logger.LogInformation(
                "Pending training emails: {Flushed} workshop(s) done, {Failed} left for the next run with {StillPending} email(s) still pending",
                flushed,
                failed,
                stillPending);
        }
    }
}
