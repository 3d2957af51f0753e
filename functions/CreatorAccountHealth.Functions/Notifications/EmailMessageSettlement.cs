using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>
/// How a queue-triggered email function settles its message, the same for every kind: done (sent, settled before,
/// suppressed) → complete; refused for good → dead-letter with SendGrid's text; anything to try again (SendGrid or
/// storage unavailable, our key refused, another delivery's lease) → re-schedule (<see cref="MessageRescheduler"/>).
/// </summary>
public sealed class EmailMessageSettlement(MessageRescheduler rescheduler, ILogger<EmailMessageSettlement> logger)
{
    public const string RefusedReason = "SendGridRejected";

    /// <summary>Set on a message re-driven from the dead-letter queue (an operator's decision to try it again).</summary>
    public const string RedrivenProperty = "redrivenAt";

    /// <summary>Whether an operator re-drove this message: then an email SendGrid refused is tried once more.</summary>
    public static bool IsRedriven(ServiceBusReceivedMessage message) => message.ApplicationProperties.ContainsKey(RedrivenProperty);

    /// <summary>Delivers the email and settles the message by the outcome.</summary>
    public async Task DeliverAndSettleAsync(
        Func<CancellationToken, Task<DeliveryOutcome>> deliver, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, string queueName, CancellationToken cancellationToken)
    {
        DeliveryOutcome outcome;
        try
        {
            outcome = await deliver(cancellationToken);
        }
        catch (StorageUnavailableException e)
        {
            outcome = new DeliveryOutcome.RetryLater($"Storage unavailable: {e.Message}", e.RetryAfter);
        }

        switch (outcome)
        {
            case DeliveryOutcome.Refused refused:
                logger.LogError("Message {MessageId} dead-lettered: {Detail}", message.MessageId, refused.Detail);
                await actions.DeadLetterMessageAsync(message, null, RefusedReason, refused.Detail, cancellationToken);
                break;
            case DeliveryOutcome.RetryLater later:
                await rescheduler.RescheduleAsync(message, actions, queueName, later.Reason, later.NotBefore, cancellationToken);
                break;
            default:
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;
        }
    }
}
