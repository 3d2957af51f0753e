using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// Service Bus queues in memory, for local runs without a namespace: the app's <see cref="IQueueSender"/> and the
/// source of its <c>[ServiceBusTrigger]</c> functions. It keeps the contract the code relies on: at-least-once
/// delivery, MessageId duplicate detection within a window, a delivery count that grows on each redelivery,
/// dead-lettering after <see cref="LocalServiceBusOptions.MaxDeliveryCount"/> deliveries (reason
/// MaxDeliveryCountExceeded) or on request. Messages live as long as the process.
/// Tests reach it as <c>app.Services.GetRequiredService&lt;InProcessQueue&gt;()</c>.
/// </summary>
public sealed class InProcessQueue(TimeProvider time, IOptions<LocalServiceBusOptions> options, ILogger<InProcessQueue> logger) : IQueueSender, IDeadLetterRedrive
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    // Service Bus entity names are case-insensitive.
    private readonly ConcurrentDictionary<string, InProcessQueueEntity> queues = new(StringComparer.OrdinalIgnoreCase);

    public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queue = Queue(queueName);
        using var span = AppTelemetry.StartQueueSend(queueName, message.MessageId, "in-process");
        if (!queue.TryAccept(message.WithTraceContext(span), time.GetUtcNow(), options.Value.DuplicateDetectionWindow, (queued, due) => _ = EnqueueLaterAsync(queue, queued, due)))
        {
            // As on Service Bus, the send succeeds and the repeat is dropped.
            logger.LogInformation("Message {MessageId} on queue {QueueName} dropped: a duplicate within the detection window", message.MessageId, queueName);
        }

        return Task.CompletedTask;
    }

    /// <summary>Messages of the queue not yet completed, dead-lettered or deferred.</summary>
    public int ActiveMessageCount(string queueName) => Queue(queueName).ActiveCount;

    /// <summary>
    /// Holds the queue's deliveries, as Service Bus's ReceiveDisabled entity status does: sends still succeed and the
    /// messages count as active, but no function receives one until <see cref="EnableReceive"/>. For measuring a sender
    /// apart from its consumers (the webhook benchmark times intake and alert-email delivery as phases of their own).
    /// </summary>
    public void DisableReceive(string queueName) => Queue(queueName).DisableReceive();

    /// <summary>Deliveries of the queue resume, the messages held meanwhile first, in order.</summary>
    public void EnableReceive(string queueName) => Queue(queueName).EnableReceive();

    /// <summary>The queue's dead-letter queue, oldest first, each with its DeadLetterReason and DeadLetterErrorDescription.</summary>
    public IReadOnlyList<ServiceBusReceivedMessage> DeadLetterMessages(string queueName) => Queue(queueName).DeadLetters;

    /// <summary>Completes when the message with this id is dead-lettered (at once if it already is).</summary>
    public Task<ServiceBusReceivedMessage> WaitForDeadLetterAsync(string queueName, string messageId, CancellationToken cancellationToken) =>
        Queue(queueName).WaitForDeadLetterAsync(messageId, cancellationToken);

    /// <summary>Waits for the next message of the queue and locks it for one delivery.</summary>
    internal async Task<InProcessDelivery> ReceiveAsync(string queueName, CancellationToken cancellationToken)
    {
        var queue = Queue(queueName);
        var message = await queue.ReceiveAsync(cancellationToken);
        message.DeliveryCount++;
        return new InProcessDelivery(this, queue, message, message.ToReceived(Guid.NewGuid(), time.GetUtcNow()));
    }

    internal void Complete(InProcessQueueEntity queue) => queue.Remove();

    /// <summary>Delivered again after a short delay, unless that was its last delivery: then dead-lettered.</summary>
    internal void Abandon(InProcessQueueEntity queue, QueuedMessage message, IDictionary<string, object>? propertiesToModify)
    {
        message.Modify(propertiesToModify);
        var max = options.Value.MaxDeliveryCount;
        if (message.DeliveryCount >= max)
        {
            DeadLetter(queue, message, null, MaxDeliveryCountExceeded, $"Message could not be consumed after {max} delivery attempts.");
            return;
        }

        _ = RedeliverAsync(queue, message);
    }

    internal void DeadLetter(InProcessQueueEntity queue, QueuedMessage message, IDictionary<string, object>? propertiesToModify, string? reason, string? description)
    {
        message.Modify(propertiesToModify);
        if (reason is not null)
        {
            message.ApplicationProperties["DeadLetterReason"] = reason;
        }

        if (description is not null)
        {
            message.ApplicationProperties["DeadLetterErrorDescription"] = description;
        }

        queue.MoveToDeadLetters(message.ToReceived(Guid.Empty, time.GetUtcNow(), deadLetterSource: queue.Name));
        logger.LogError(
            "Message {MessageId} on queue {QueueName} dead-lettered after {DeliveryCount} deliveries. Reason: {DeadLetterReason}. Description: {DeadLetterErrorDescription}",
            message.Message.MessageId, queue.Name, message.DeliveryCount, reason ?? "(none)", description ?? "(none)");
    }

    internal void Defer(InProcessQueueEntity queue, QueuedMessage message, IDictionary<string, object>? propertiesToModify)
    {
        message.Modify(propertiesToModify);
        queue.Remove();
        logger.LogWarning(
            "Message {MessageId} on queue {QueueName} deferred: it is not delivered again (Service Bus returns deferred messages only by sequence number, which the in-process queue does not offer)",
            message.Message.MessageId, queue.Name);
    }

    /// <summary>
    /// Re-drives the queue's dead-letter queue: each dead-lettered message goes back on the queue as a new message (its
    /// body, subject, content type and properties, without the dead-letter reason), as Service Bus Explorer's re-send does.
    /// </summary>
    /// <returns>How many messages went back.</returns>
    public Task<int> RedriveAsync(string queueName, int maxMessages, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var queue = Queue(queueName);
        var taken = queue.TakeDeadLetters(maxMessages);
        foreach (var message in taken)
        {
            var properties = message.ApplicationProperties
                .Where(p => !ServiceBusQueueSender.RedriveResets.Contains(p.Key))
                .ToDictionary(p => p.Key, p => p.Value);
            properties[Functions.Notifications.EmailMessageSettlement.RedrivenProperty] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            var again = new OutgoingMessage($"{message.MessageId}~redriven-{Guid.NewGuid():N}", message.Subject, message.Body, message.ContentType ?? "application/json") { Properties = properties };
            using var span = AppTelemetry.StartQueueSend(queueName, again.MessageId, "in-process");
            queue.TryAccept(
                again.WithTraceContext(span),
                time.GetUtcNow(),
                options.Value.DuplicateDetectionWindow,
                (queued, due) => _ = EnqueueLaterAsync(queue, queued, due));
        }

        logger.LogInformation("{Count} message(s) of the dead-letter queue of {QueueName} re-driven", taken.Count, queueName);
        return Task.FromResult(taken.Count);
    }

    private async Task EnqueueLaterAsync(InProcessQueueEntity queue, QueuedMessage message, TimeSpan due)
    {
        // On the injected clock, so tests step through scheduled messages; nothing cancels it: the queue lives as long as the process.
        await Task.Delay(due, time);
        queue.Requeue(message);
    }

    private async Task RedeliverAsync(InProcessQueueEntity queue, QueuedMessage message)
    {
        // On the injected clock, so tests step through redeliveries; nothing cancels it: the queue lives as long as the process.
        await Task.Delay(options.Value.RedeliveryDelay, time);
        queue.Requeue(message);
    }

    private InProcessQueueEntity Queue(string queueName) => queues.GetOrAdd(queueName, static name => new InProcessQueueEntity(name));
}
