using Azure.Messaging.ServiceBus;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Stand-in for the settlement API of Microsoft.Azure.Functions.Worker.Extensions.ServiceBus, with the official method
/// shapes so function code compiles unchanged against either. Settling needs the received message (its lock token),
/// which is why functions that settle bind <see cref="ServiceBusReceivedMessage"/> rather than a POCO. The hosting
/// runtime supplies the implementation: the local runtime binds one to each delivery.
/// </summary>
public abstract class ServiceBusMessageActions
{
    /// <summary>Removes the message from the queue.</summary>
    public abstract Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default);

    /// <summary>Releases the lock so the message is delivered again (its delivery count goes up).</summary>
    public abstract Task AbandonMessageAsync(
        ServiceBusReceivedMessage message,
        IDictionary<string, object>? propertiesToModify = default,
        CancellationToken cancellationToken = default);

    /// <summary>Moves the message to the dead-letter queue with a reason and description.</summary>
    public abstract Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = default,
        string? deadLetterReason = default,
        string? deadLetterErrorDescription = default,
        CancellationToken cancellationToken = default);

    /// <summary>Sets the message aside; it is received again only by sequence number.</summary>
    public abstract Task DeferMessageAsync(
        ServiceBusReceivedMessage message,
        IDictionary<string, object>? propertiesToModify = default,
        CancellationToken cancellationToken = default);

    /// <summary>Extends the lock on the message.</summary>
    public abstract Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default);
}
