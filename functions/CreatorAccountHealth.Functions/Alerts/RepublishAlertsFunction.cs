using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// Sends alerts that were decided but never reached the queue (Service Bus was down, or the webhook stopped after
/// writing the account). Reads the outbox markers shard by shard, single-partition queries only, and each marked
/// account by id; the alert id is the MessageId, so a message that did get through after all is dropped by duplicate
/// detection instead of being emailed twice.
/// </summary>
public sealed class RepublishAlertsFunction(AlertStore alerts, ICreatorStore creators, MilestoneAlertService service, TimeProvider time, ILogger<RepublishAlertsFunction> logger)
{
    /// <summary>Leave fresh entries to the webhook that is sending them right now.</summary>
    public static readonly Duration Grace = Duration.FromSeconds(30);

    [Function("RepublishAlerts")]
    public async Task Run([TimerTrigger("%AlertsRepublishSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var flushed = 0;
        var waiting = 0;
        for (var shard = 0; shard < AlertStore.OutboxShards; shard++)
        {
            IReadOnlyList<OutboxMarker> markers;
            try
            {
                markers = await alerts.PendingAsync(shard, now - Grace, cancellationToken);
            }
            catch (StorageUnavailableException e)
            {
                waiting++;
                logger.LogWarning(e, "Alert outbox shard {Shard} left for the next run: storage unavailable", shard);
                continue;
            }

            foreach (var marker in markers)
            {
                try
                {
                    // An entry from before accounts held their pending alerts carries the alert itself.
                    var done = marker.Message is { } legacy
                        ? await service.TryPublishAsync(marker.CreatorId, marker.Id, legacy, now, cancellationToken)
                        : await creators.ReadAccountAsync(marker.CreatorId, cancellationToken) is not { } account
                          || await service.PublishPendingAsync(account, now, cancellationToken);
                    if (done)
                    {
                        await alerts.ClearMarkerAsync(marker, cancellationToken);
                        flushed++;
                    }
                    else
                    {
                        waiting++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One entry failing (a bug, bad data, storage) never holds back the entries after it.
                    waiting++;
                    logger.LogError(e, "Alert outbox entry {EntryId} of creator {CreatorId} left for the next run", marker.Id, marker.CreatorId);
                }
            }
        }

        if (flushed + waiting > 0)
        {
            logger.LogInformation("Republish: {Flushed} outbox entr(ies) done; {Waiting} still waiting for the queue", flushed, waiting);
        }
    }
}
