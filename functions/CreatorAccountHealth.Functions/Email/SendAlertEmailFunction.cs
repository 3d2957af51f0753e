using System.Diagnostics.CodeAnalysis;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// Emails each milestone alert from the queue to its creator, once. The function settles every message itself
/// (AutoCompleteMessages = false): that is why it binds <see cref="ServiceBusReceivedMessage"/> rather than the payload
/// type, since settling needs the received message (azure-functions-dotnet-worker#2157).
/// <list type="bullet">
/// <item>sent, already sent, or nobody to send to: complete;</item>
/// <item>a body that isn't an alert, or an email SendGrid refuses for good: dead-letter at once, with the reason;</item>
/// <item>SendGrid or storage unavailable: abandon, so Service Bus redelivers and, after the queue's max delivery count,
/// dead-letters the message. It is never silently dropped.</item>
/// </list>
/// </summary>
public sealed class SendAlertEmailFunction(
    ICreatorStore creators,
    IAlertDeliveryLog deliveries,
    AlertEmailRenderer renderer,
    SendGridEmailSender sender,
    TimeProvider time,
    ILogger<SendAlertEmailFunction> logger)
{
    public const string MalformedReason = "MalformedAlert";
    public const string RejectedReason = "SendGridRejected";

    /// <summary>Set on an abandoned message, so a message that ends up dead-lettered after its last delivery says why.</summary>
    public const string LastErrorProperty = "lastEmailError";

    [Function("SendAlertEmail")]
    public async Task Run(
        [ServiceBusTrigger("%AlertsQueueName%", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        if (!AlertMessageReader.TryRead(message.Body, out var alert, out var error))
        {
            logger.LogError("Alert message {MessageId} dead-lettered: {Error}", message.MessageId, error);
            await actions.DeadLetterMessageAsync(message, null, MalformedReason, error, cancellationToken);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["AlertId"] = alert.AlertId,
            ["CreatorId"] = alert.CreatorId,
            ["DeliveryCount"] = message.DeliveryCount,
        });

        try
        {
            await SendOnceAsync(alert, message, actions, cancellationToken);
        }
        catch (StorageUnavailableException e)
        {
            await DeferAsync(message, actions, $"Storage unavailable: {e.Message}", cancellationToken);
        }
    }

    private async Task SendOnceAsync(AlertMessage alert, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        if (await deliveries.WasEmailedAsync(alert.CreatorId, alert.AlertId, cancellationToken))
        {
            logger.LogInformation("Alert {AlertId} was already emailed; redelivery ignored", alert.AlertId);
            await actions.CompleteMessageAsync(message, cancellationToken);
            return;
        }

        // Read now, not when the alert was decided: a later address change or opt-out wins.
        var profile = await creators.GetProfileAsync(alert.CreatorId, cancellationToken);
        if (!CanEmail(profile, out var reason))
        {
            logger.LogInformation("Alert {AlertId} not emailed to creator {CreatorId}: {Reason}", alert.AlertId, alert.CreatorId, reason);
            await actions.CompleteMessageAsync(message, cancellationToken);
            return;
        }

        var email = renderer.Render(alert, profile);
        switch (await sender.SendAsync(email, profile.Email, profile.DisplayName, cancellationToken))
        {
            case SendOutcome.Accepted:
                await MarkEmailedAsync(alert, cancellationToken);
                logger.LogInformation("Alert {AlertId} ({Kind}, {Milestone}) emailed to creator {CreatorId}", alert.AlertId, alert.Kind, alert.Milestone.Key, alert.CreatorId);
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;

            case SendOutcome.Rejected rejected:
                var description = $"SendGrid answered {rejected.StatusCode}: {rejected.Errors}";
                logger.LogError("Alert {AlertId} dead-lettered: {Description}", alert.AlertId, description);
                await actions.DeadLetterMessageAsync(message, null, RejectedReason, description, cancellationToken);
                break;

            case SendOutcome.Unavailable unavailable:
                await DeferAsync(message, actions, unavailable.Reason, cancellationToken);
                break;
        }
    }

    private static bool CanEmail([NotNullWhen(true)] CreatorProfile? profile, [NotNullWhen(false)] out string? reason)
    {
        reason = profile switch
        {
            null => "no profile recorded for the creator",
            { Email: var email } when string.IsNullOrWhiteSpace(email) => "the creator has no email address",
            { Emails.MilestoneAlerts: false } => "the creator opted out of milestone alert emails",
            _ => null,
        };
        return reason is null;
    }

    /// <summary>
    /// The email is out: failing to record that must not hand the message back, since a redelivery would send it again.
    /// Completing is the lesser harm; the error is logged.
    /// </summary>
    private async Task MarkEmailedAsync(AlertMessage alert, CancellationToken cancellationToken)
    {
        try
        {
            await deliveries.MarkEmailedAsync(alert.CreatorId, alert.AlertId, Instant.FromDateTimeOffset(time.GetUtcNow()), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Alert {AlertId} was emailed but could not be marked as emailed", alert.AlertId);
        }
    }

    /// <summary>Hands the message back for a later delivery; Service Bus dead-letters it after the queue's max delivery count.</summary>
    private async Task DeferAsync(ServiceBusReceivedMessage message, ServiceBusMessageActions actions, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "Alert message {MessageId} abandoned on delivery {DeliveryCount}, to be redelivered: {Reason}",
            message.MessageId, message.DeliveryCount, reason);
        await actions.AbandonMessageAsync(message, new Dictionary<string, object> { [LastErrorProperty] = reason }, cancellationToken);
    }
}
