using System.Threading.Channels;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Messaging;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>One queue of the in-process queue: its messages, the MessageIds it remembers, its dead-letter queue.</summary>
internal sealed class InProcessQueueEntity(string name)
{
    private readonly Lock gate = new();
    private readonly Channel<QueuedMessage> ready = Channel.CreateUnbounded<QueuedMessage>();
    private readonly Queue<(string MessageId, DateTimeOffset SentAt)> recentIds = new();
    private readonly HashSet<string> recentIdSet = new(StringComparer.Ordinal);
    private readonly List<ServiceBusReceivedMessage> deadLetters = [];
    private readonly List<(string MessageId, TaskCompletionSource<ServiceBusReceivedMessage> Waiter)> deadLetterWaiters = [];
    private long lastSequenceNumber;
    private int activeCount;
    private TaskCompletionSource? receiveEnabled;

    public string Name { get; } = name;

    /// <summary>Messages sent and not yet completed, dead-lettered or deferred: waiting, being handled, or waiting to be redelivered.</summary>
    public int ActiveCount
    {
        get
        {
            lock (gate)
            {
                return activeCount;
            }
        }
    }

    public IReadOnlyList<ServiceBusReceivedMessage> DeadLetters
    {
        get
        {
            lock (gate)
            {
                return [.. deadLetters];
            }
        }
    }

    /// <summary>
    /// Enqueues the message unless its MessageId was sent within <paramref name="window"/> (duplicate detection). A message
    /// with a scheduled enqueue time counts as active at once and is handed to <paramref name="schedule"/> to become
    /// visible then, as on Service Bus.
    /// </summary>
    public bool TryAccept(OutgoingMessage message, DateTimeOffset now, TimeSpan window, Action<QueuedMessage, TimeSpan> schedule)
    {
        lock (gate)
        {
            while (recentIds.TryPeek(out var oldest) && now - oldest.SentAt >= window)
            {
                recentIdSet.Remove(recentIds.Dequeue().MessageId);
            }

            if (!recentIdSet.Add(message.MessageId))
            {
                return false;
            }

            recentIds.Enqueue((message.MessageId, now));
            activeCount++;
            var due = message.ScheduledEnqueueTime is { } at && at > now ? at - now : TimeSpan.Zero;
            var queued = new QueuedMessage(message, ++lastSequenceNumber, now + due);
            if (due > TimeSpan.Zero)
            {
                schedule(queued, due);
            }
            else
            {
                ready.Writer.TryWrite(queued);
            }

            return true;
        }
    }

    /// <summary>
    /// The next ready message, once receiving is enabled. Checked and taken under the lock: after
    /// <see cref="DisableReceive"/> returns, no message leaves the queue until <see cref="EnableReceive"/>.
    /// </summary>
    public async ValueTask<QueuedMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task? disabled;
            lock (gate)
            {
                disabled = receiveEnabled?.Task;
                if (disabled is null && ready.Reader.TryRead(out var message))
                {
                    return message;
                }
            }

            if (disabled is not null)
            {
                await disabled.WaitAsync(cancellationToken);
            }
            else
            {
                await ready.Reader.WaitToReadAsync(cancellationToken);
            }
        }
    }

    /// <summary>As Service Bus's ReceiveDisabled status: messages are still accepted, none is delivered until <see cref="EnableReceive"/>.</summary>
    public void DisableReceive()
    {
        lock (gate)
        {
            receiveEnabled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void EnableReceive()
    {
        TaskCompletionSource? waiting;
        lock (gate)
        {
            waiting = receiveEnabled;
            receiveEnabled = null;
        }

        waiting?.TrySetResult();
    }

    public void Requeue(QueuedMessage message) => ready.Writer.TryWrite(message);

    /// <summary>Takes up to <paramref name="max"/> dead-lettered messages out of the dead-letter queue, oldest first.</summary>
    public IReadOnlyList<ServiceBusReceivedMessage> TakeDeadLetters(int max)
    {
        lock (gate)
        {
            var taken = deadLetters.Take(max).ToList();
            deadLetters.RemoveRange(0, taken.Count);
            return taken;
        }
    }

    /// <summary>The message leaves the queue: completed or deferred.</summary>
    public void Remove()
    {
        lock (gate)
        {
            activeCount--;
        }
    }

    public void MoveToDeadLetters(ServiceBusReceivedMessage deadLettered)
    {
        List<TaskCompletionSource<ServiceBusReceivedMessage>> waiting;
        lock (gate)
        {
            activeCount--;
            deadLetters.Add(deadLettered);
            waiting = deadLetterWaiters.Where(w => w.MessageId == deadLettered.MessageId).Select(w => w.Waiter).ToList();
            deadLetterWaiters.RemoveAll(w => w.MessageId == deadLettered.MessageId);
        }

        waiting.ForEach(w => w.TrySetResult(deadLettered));
    }

    public Task<ServiceBusReceivedMessage> WaitForDeadLetterAsync(string messageId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (deadLetters.FirstOrDefault(m => m.MessageId == messageId) is { } found)
            {
                return Task.FromResult(found);
            }

            var waiter = new TaskCompletionSource<ServiceBusReceivedMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            deadLetterWaiters.Add((messageId, waiter));
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }
}
