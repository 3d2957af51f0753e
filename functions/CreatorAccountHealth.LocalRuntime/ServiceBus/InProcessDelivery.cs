using Azure.Messaging.ServiceBus;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// One delivery of a message from the in-process queue, settled at most once like a Service Bus peek-lock: a second
/// settlement fails with MessageLockLost, as it does on Service Bus.
/// </summary>
internal sealed class InProcessDelivery(InProcessQueue owner, InProcessQueueEntity queue, QueuedMessage queued, ServiceBusReceivedMessage message)
{
    private int settled;

    public ServiceBusReceivedMessage Message { get; } = message;

    public string QueueName => queue.Name;

    public bool IsSettled => Volatile.Read(ref settled) == 1;

    public void Complete() => Settle(() => owner.Complete(queue));

    public void Abandon(IDictionary<string, object>? propertiesToModify) => Settle(() => owner.Abandon(queue, queued, propertiesToModify));

    public void DeadLetter(IDictionary<string, object>? propertiesToModify, string? reason, string? description) =>
        Settle(() => owner.DeadLetter(queue, queued, propertiesToModify, reason, description));

    public void Defer(IDictionary<string, object>? propertiesToModify) => Settle(() => owner.Defer(queue, queued, propertiesToModify));

    /// <summary>Locks don't expire locally; renewing a settled message's lock fails as on Service Bus.</summary>
    public void RenewLock()
    {
        if (IsSettled)
        {
            throw LockLost();
        }
    }

    private void Settle(Action settle)
    {
        if (Interlocked.Exchange(ref settled, 1) == 1)
        {
            throw LockLost();
        }

        settle();
    }

    private ServiceBusException LockLost() => new(
        $"The lock supplied is invalid: message {Message.MessageId} has already been settled.", ServiceBusFailureReason.MessageLockLost, queue.Name);
}
