using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Messaging;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>A message in the in-process queue, with what Service Bus keeps about it between deliveries.</summary>
internal sealed class QueuedMessage(OutgoingMessage message, long sequenceNumber, DateTimeOffset enqueuedTime)
{
    // Service Bus's default lock: the receiver has this long to settle before the message is delivered again.
    private static readonly TimeSpan LockDuration = TimeSpan.FromMinutes(1);

    public OutgoingMessage Message { get; } = message;

    public int DeliveryCount { get; set; }

    /// <summary>Grows with the <c>propertiesToModify</c> of abandon, defer and dead-letter, as on Service Bus.</summary>
    public Dictionary<string, object> ApplicationProperties { get; } = message.Properties is null
        ? new(StringComparer.Ordinal)
        : new(message.Properties, StringComparer.Ordinal);

    public void Modify(IDictionary<string, object>? propertiesToModify)
    {
        foreach (var (key, value) in propertiesToModify ?? new Dictionary<string, object>())
        {
            ApplicationProperties[key] = value;
        }
    }

    /// <summary>The message as a receiver sees it on this delivery (or, with <paramref name="deadLetterSource"/>, in the dead-letter queue).</summary>
    public ServiceBusReceivedMessage ToReceived(Guid lockToken, DateTimeOffset now, string? deadLetterSource = null) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: Message.Body,
            messageId: Message.MessageId,
            subject: Message.Subject,
            contentType: Message.ContentType,
            properties: new Dictionary<string, object>(ApplicationProperties),
            lockTokenGuid: lockToken,
            deliveryCount: DeliveryCount,
            lockedUntil: deadLetterSource is null ? now + LockDuration : default,
            sequenceNumber: sequenceNumber,
            deadLetterSource: deadLetterSource,
            enqueuedSequenceNumber: sequenceNumber,
            enqueuedTime: enqueuedTime);
}
