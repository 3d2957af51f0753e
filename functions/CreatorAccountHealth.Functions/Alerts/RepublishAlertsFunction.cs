using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// Sends alerts that were recorded but never reached the queue (Service Bus was down when the webhook ran). Reads the
/// outbox shard by shard, single-partition queries only; the alert id is the MessageId, so a message that did get
/// through after all is dropped by duplicate detection instead of being emailed twice.
/// </summary>
public sealed class RepublishAlertsFunction(AlertStore alerts, MilestoneAlertService service, TimeProvider time, ILogger<RepublishAlertsFunction> logger)
{
    /// <summary>Leave fresh entries to the webhook that is sending them right now.</summary>
    public static readonly Duration Grace = Duration.FromSeconds(30);

    [Function("RepublishAlerts")]
    public async Task Run([TimerTrigger("%AlertsRepublishSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var sent = 0;
        var failed = 0;
        for (var shard = 0; shard < AlertStore.OutboxShards; shard++)
        {
            foreach (var pending in await alerts.PendingAsync(shard, now - Grace, cancellationToken))
            {
                var body = BinaryData.FromString(pending.Message.GetRawText());
                if (await service.TryPublishAsync(pending.CreatorId, pending.AlertId, body, now, cancellationToken))
                {
                    sent++;
                }
                else
                {
                    failed++;
                }
            }
        }

        if (sent + failed > 0)
        {
            logger.LogInformation("Republished {Sent} alert(s); {Failed} still waiting for the queue", sent, failed);
        }
    }
}
