using System.Globalization;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Notifications;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// Backs a message off without burning its deliveries: a copy goes on the queue with a Service Bus scheduled enqueue time
/// (<see cref="Backoff"/>), then the current delivery completes. The copy's MessageId is the first message's id with the
/// attempt number, so two deliveries of one message re-scheduling the same attempt are one message to duplicate detection.
/// Past <see cref="NotificationOptions.MaxMessageAge"/> the message is dead-lettered (<see cref="MaxAgeExceededReason"/>).
/// If the queue can't take the copy, the delivery is abandoned: Service Bus redelivers it, which only costs a delivery.
/// </summary>
public sealed class MessageRescheduler(IQueueSender queue, IOptions<NotificationOptions> options, TimeProvider time, ILogger<MessageRescheduler> logger)
{
    public const string AttemptProperty = "retryAttempt";
    public const string FirstEnqueuedProperty = "firstEnqueuedAt";
    public const string OriginalMessageIdProperty = "originalMessageId";
    public const string LastErrorProperty = "lastError";
    public const string MaxAgeExceededReason = "MaxAgeExceeded";

    public async Task RescheduleAsync(
        ServiceBusReceivedMessage message, ServiceBusMessageActions actions, string queueName, string reason, TimeSpan? notBefore, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var properties = message.ApplicationProperties;
        var attempt = (properties.TryGetValue(AttemptProperty, out var a) ? Convert.ToInt32(a, CultureInfo.InvariantCulture) : 0) + 1;
        var firstEnqueued = properties.TryGetValue(FirstEnqueuedProperty, out var f)
            && DateTimeOffset.TryParse(Convert.ToString(f, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : message.EnqueuedTime == default ? now : message.EnqueuedTime;
        var originalId = properties.TryGetValue(OriginalMessageIdProperty, out var o) ? Convert.ToString(o, CultureInfo.InvariantCulture)! : message.MessageId;

        if (Backoff.Next(attempt, notBefore, now - firstEnqueued, options.Value, Random.Shared.NextDouble()) is not { } delay)
        {
            var description = $"Still failing {(now - firstEnqueued).TotalHours:0.#} h after it was first queued (Notifications__MaxMessageAge {options.Value.MaxMessageAge}): {reason}";
            logger.LogError("Message {MessageId} dead-lettered: {Description}", originalId, description);
            await actions.DeadLetterMessageAsync(message, null, MaxAgeExceededReason, Truncate(description), cancellationToken);
            return;
        }

        var copy = new OutgoingMessage(string.Create(CultureInfo.InvariantCulture, $"{originalId}~retry-{attempt}"), message.Subject, message.Body, message.ContentType ?? "application/json")
        {
            Properties = new Dictionary<string, object>(properties)
            {
                [AttemptProperty] = attempt,
                [FirstEnqueuedProperty] = firstEnqueued.ToString("O", CultureInfo.InvariantCulture),
                [OriginalMessageIdProperty] = originalId,
                [LastErrorProperty] = Truncate(reason),
            },
            ScheduledEnqueueTime = now + delay,
        };
        try
        {
            await queue.SendAsync(queueName, copy, cancellationToken);
        }
        catch (QueueUnavailableException e)
        {
            logger.LogWarning(e, "Message {MessageId} could not be re-scheduled; abandoned for Service Bus to redeliver: {Reason}", originalId, reason);
            await actions.AbandonMessageAsync(message, new Dictionary<string, object> { [LastErrorProperty] = Truncate(reason) }, cancellationToken);
            return;
        }

        logger.LogWarning("Message {MessageId} re-scheduled in {Delay} (attempt {Attempt}): {Reason}", originalId, delay, attempt, reason);
        await actions.CompleteMessageAsync(message, cancellationToken);
    }

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000] + "…";
}
