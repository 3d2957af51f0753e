using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// Emails each milestone alert from the queue to its creator, once, through the notification ledger
/// (<see cref="EmailDelivery"/>), and settles the message itself (AutoCompleteMessages = false) as
/// <see cref="EmailMessageSettlement"/> decides: a body that isn't an alert is dead-lettered at once.
/// </summary>
public sealed class SendAlertEmailFunction(
    EmailDelivery delivery,
    EmailMessageSettlement settlement,
    AlertEmailRenderer renderer,
    EmailLinkFactory links,
    IOptions<AlertOptions> options,
    AppMetrics metrics,
    ILogger<SendAlertEmailFunction> logger)
{
    public const string MalformedReason = "MalformedAlert";

    /// <summary>The <c>email.kind</c> of a message too malformed to know which alert email it was.</summary>
    private const string MalformedKind = "milestone-alert";

    [Function("SendAlertEmail")]
    public async Task Run(
        [ServiceBusTrigger("%AlertsQueueName%", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        if (!AlertMessageReader.TryRead(message.Body, out var alert, out var error))
        {
            logger.LogError("Alert message {MessageId} dead-lettered: {Error}", message.MessageId, error);
            metrics.Email(MalformedKind, AppMetrics.EmailOutcomes.DeadLettered);
            await actions.DeadLetterMessageAsync(message, null, MalformedReason, error, cancellationToken);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["AlertId"] = alert.AlertId,
            ["CreatorId"] = alert.CreatorId,
            ["DeliveryCount"] = message.DeliveryCount,
        });

        var job = new EmailJob(alert.CreatorId, EmailKeys.MilestoneAlert(alert.AlertId), EmailKind.MilestoneAlert, AlertEmailRenderer.CategoryOf(alert.Kind), profile => renderer.Render(alert, profile, links.For(alert.CreatorId, EmailKind.MilestoneAlert)).ToOutgoing(), RetryRefused: EmailMessageSettlement.IsRedriven(message));
        await settlement.DeliverAndSettleAsync(token => delivery.DeliverOnceAsync(job, token), message, actions, options.Value.QueueName, cancellationToken);
    }
}
