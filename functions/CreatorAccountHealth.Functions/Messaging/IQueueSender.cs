namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>A message for a queue. <see cref="MessageId"/> is deterministic, so the broker's duplicate detection drops repeats.</summary>
public sealed record OutgoingMessage(string MessageId, string Subject, BinaryData Body, string ContentType = "application/json")
{
    /// <summary>Application properties sent with the message; senders add the trace context (Telemetry/MessageTraceContext).</summary>
    public IReadOnlyDictionary<string, object> ApplicationProperties { get; init; } = new Dictionary<string, object>();

    /// <summary>This message carrying the context of <paramref name="sendSpan"/>, so its receiver continues the trace.</summary>
    public OutgoingMessage WithTraceContext(System.Diagnostics.Activity? sendSpan)
    {
        var properties = new Dictionary<string, object>(ApplicationProperties, StringComparer.Ordinal);
        Telemetry.MessageTraceContext.Inject(sendSpan, properties);
        return this with { ApplicationProperties = properties };
    }
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
