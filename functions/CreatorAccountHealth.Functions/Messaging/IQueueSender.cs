namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>A message for a queue. <see cref="MessageId"/> is deterministic, so the broker's duplicate detection drops repeats.</summary>
public sealed record OutgoingMessage(string MessageId, string Subject, BinaryData Body, string ContentType = "application/json")
{
    /// <summary>Application properties (Service Bus's <c>ApplicationProperties</c>): strings, numbers, booleans.</summary>
    public IReadOnlyDictionary<string, object>? Properties { get; init; }

    /// <summary>When the queue should make the message visible (Service Bus scheduled enqueue time); null: at once.</summary>
    public DateTimeOffset? ScheduledEnqueueTime { get; init; }
}

/// <summary>
/// Sends to a queue. In Azure: Service Bus (ServiceBusSender, one client for the app). In the local runtime without a
/// Service Bus connection: an in-process queue with the same delivery contract.
/// </summary>
public interface IQueueSender
{
    /// <exception cref="QueueUnavailableException">The queue could not take the message now.</exception>
    Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken);
}

public sealed class QueueUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
