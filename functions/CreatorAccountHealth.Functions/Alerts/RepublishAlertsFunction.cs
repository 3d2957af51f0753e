using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// Sends alerts that were recorded but never reached the queue (Service Bus was down when the webhook ran). Reads the
/// outbox shard by shard, single-partition queries only; the alert id is the MessageId, so a message that did get
/// through after all is dropped by duplicate detection instead of being emailed twice. Each entry stands alone: one that
/// fails is logged and left for the next run, never holding back the entries after it. An entry whose email is settled
/// already (sent, suppressed, refused) needs no message and is dropped; a missing alert record is repaired on publish.
/// </summary>
public sealed class RepublishAlertsFunction(
    AlertStore alerts, MilestoneAlertService service, NotificationLedger ledger, TimeProvider time, ILogger<RepublishAlertsFunction> logger)
{
    /// <summary>Leave fresh entries to the webhook that is sending them right now.</summary>
    public static readonly Duration Grace = Duration.FromSeconds(30);

    [Function("RepublishAlerts")]
    public async Task Run([TimerTrigger("%AlertsRepublishSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        int sent = 0, settled = 0, failed = 0;
        for (var shard = 0; shard < AlertStore.OutboxShards; shard++)
        {
            IReadOnlyList<PendingAlert> pending;
            try
            {
                pending = await alerts.PendingAsync(shard, now - Grace, cancellationToken);
            }
            catch (StorageUnavailableException e)
            {
                failed++;
                logger.LogWarning(e, "Alert outbox shard {Shard} left for the next run: storage unavailable", shard);
                continue;
            }

            foreach (var entry in pending)
            {
                try
                {
                    if (await ledger.ReadAsync(entry.CreatorId, EmailKeys.MilestoneAlert(entry.AlertId), cancellationToken) is { IsSettled: true })
                    {
                        await alerts.DropFromOutboxAsync(entry.CreatorId, entry.AlertId, cancellationToken);
                        settled++;
                    }
                    else if (await service.TryPublishAsync(entry.CreatorId, entry.AlertId, BinaryData.FromString(entry.Message.GetRawText()), now, cancellationToken))
                    {
                        sent++;
                    }
                    else
                    {
                        failed++;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    failed++;
                    logger.LogError(e, "Alert {AlertId} of creator {CreatorId} left in the outbox for the next run", entry.AlertId, entry.CreatorId);
                }
            }
        }

        if (sent + settled + failed > 0)
        {
            logger.LogInformation("Republished {Sent} alert(s), dropped {Settled} already settled; {Failed} left for the next run", sent, settled, failed);
        }
    }
}
