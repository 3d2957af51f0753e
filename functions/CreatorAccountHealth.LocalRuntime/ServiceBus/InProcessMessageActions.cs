using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>The <see cref="ServiceBusMessageActions"/> a function gets for a delivery from the in-process queue.</summary>
internal sealed class InProcessMessageActions(InProcessDelivery delivery) : ServiceBusMessageActions
{
    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Run(message, cancellationToken, delivery.Complete);

    public override Task AbandonMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Run(message, cancellationToken, () => delivery.Abandon(propertiesToModify));

    public override Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = null,
        string? deadLetterReason = null,
        string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default) =>
        Run(message, cancellationToken, () => delivery.DeadLetter(propertiesToModify, deadLetterReason, deadLetterErrorDescription));

    public override Task DeferMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        Run(message, cancellationToken, () => delivery.Defer(propertiesToModify));

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Run(message, cancellationToken, delivery.RenewLock);

    private Task Run(ServiceBusReceivedMessage message, CancellationToken cancellationToken, Action settle)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();

        // Settlement goes by lock token: another delivery's message is not this one to settle.
        if (message.LockToken != delivery.Message.LockToken)
        {
            throw new ServiceBusException(
                $"The lock supplied is invalid: message {message.MessageId} is not the message of this invocation.",
                ServiceBusFailureReason.MessageLockLost,
                delivery.QueueName);
        }

        settle();
        return Task.CompletedTask;
    }
}
