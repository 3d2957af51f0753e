using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Messaging;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Tests.Reliability;

/// <summary>
/// Service Bus as the email flows rely on it, on a simulated clock: MessageId duplicate detection, scheduled enqueue
/// times, peek-lock settlement (complete, abandon → redelivered, dead-letter), 10 deliveries then dead-lettered, and an
/// outage switch. <see cref="RunUntilIdleAsync"/> delivers what is due, and when nothing is, moves the clock to the next
/// scheduled message: a day of backoff takes no wall-clock time.
/// </summary>
internal sealed class SimulatedBroker(SimulatedClock clock) : IQueueSender
{
    public const int MaxDeliveryCount = 10;

    private readonly Lock gate = new();
    private readonly List<Entry> waiting = [];
    private readonly HashSet<string> seenIds = [];
    private long sequence;

    public bool IsDown { get; set; }

    public ConcurrentQueue<(string Queue, ServiceBusReceivedMessage Message, string? Reason, string? Description)> DeadLetters { get; } = new();

    public ConcurrentQueue<(string Queue, OutgoingMessage Message)> Sent { get; } = new();

    public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (IsDown)
        {
            throw new QueueUnavailableException("The simulated broker is down.");
        }

        lock (gate)
        {
            if (!seenIds.Add(queueName + "/" + message.MessageId))
            {
                return Task.CompletedTask; // duplicate detection
            }

            Sent.Enqueue((queueName, message));
            var visible = message.ScheduledEnqueueTime is { } at && at > clock.GetUtcNow() ? at : clock.GetUtcNow();
            waiting.Add(new Entry(queueName, message, ++sequence, visible, 0, new Dictionary<string, object>(message.Properties ?? new Dictionary<string, object>())));
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Delivers due messages to <paramref name="handlers"/> (by queue), all due ones at once, until none is left; the clock
    /// jumps to the next scheduled message when nothing is due. Fails if <paramref name="deadline"/> (real time) passes.
    /// </summary>
    public async Task RunUntilIdleAsync(IReadOnlyDictionary<string, Func<ServiceBusReceivedMessage, ServiceBusMessageActions, Task>> handlers, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            timeout.Token.ThrowIfCancellationRequested();
            List<Entry> due;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    return;
                }

                var now = clock.GetUtcNow();
                due = waiting.Where(e => e.VisibleAt <= now).ToList();
                if (due.Count == 0)
                {
                    clock.AdvanceTo(waiting.Min(e => e.VisibleAt));
                    continue;
                }

                waiting.RemoveAll(due.Contains);
            }

            await Task.WhenAll(due.Select(entry => DeliverAsync(entry, handlers[entry.Queue])));
        }
    }

    private async Task DeliverAsync(Entry entry, Func<ServiceBusReceivedMessage, ServiceBusMessageActions, Task> handler)
    {
        var delivery = entry with { DeliveryCount = entry.DeliveryCount + 1 };
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: delivery.Message.Body,
            messageId: delivery.Message.MessageId,
            subject: delivery.Message.Subject,
            contentType: delivery.Message.ContentType,
            properties: delivery.Properties,
            lockTokenGuid: Guid.NewGuid(),
            deliveryCount: delivery.DeliveryCount,
            sequenceNumber: delivery.Sequence,
            enqueuedTime: delivery.VisibleAt);
        var actions = new Actions();
        try
        {
            await handler(received, actions);
        }
        catch (Exception)
        {
            // The host abandons a message whose function failed (or died: its lock runs out).
            actions.Outcome ??= ("abandon", null, null);
        }

        switch (actions.Outcome)
        {
            case ("complete", _, _):
                break;
            case ("deadletter", var reason, var description):
                DeadLetters.Enqueue((delivery.Queue, received, reason, description));
                break;
            default:
                if (delivery.DeliveryCount >= MaxDeliveryCount)
                {
                    DeadLetters.Enqueue((delivery.Queue, received, "MaxDeliveryCountExceeded", null));
                }
                else
                {
                    lock (gate)
                    {
                        waiting.Add(delivery with { VisibleAt = clock.GetUtcNow().AddSeconds(1) });
                    }
                }

                break;
        }
    }

    private sealed record Entry(string Queue, OutgoingMessage Message, long Sequence, DateTimeOffset VisibleAt, int DeliveryCount, Dictionary<string, object> Properties);

    /// <summary>Records the one settlement of a delivery; an auto-completing (POCO) function's success completes it.</summary>
    internal sealed class Actions : ServiceBusMessageActions
    {
        public (string Kind, string? Reason, string? Description)? Outcome { get; set; }

        public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Settle(("complete", null, null));

        public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
            Settle(("abandon", null, null));

        public override Task DeadLetterMessageAsync(
            ServiceBusReceivedMessage message, Dictionary<string, object>? propertiesToModify = null, string? deadLetterReason = null, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default) =>
            Settle(("deadletter", deadLetterReason, deadLetterErrorDescription));

        public override Task DeferMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

        private Task Settle((string, string?, string?) outcome)
        {
            if (Outcome is not null)
            {
                throw new ServiceBusException("The lock supplied is invalid: already settled.", ServiceBusFailureReason.MessageLockLost);
            }

            Outcome = outcome;
            return Task.CompletedTask;
        }
    }
}

/// <summary>
/// A clock for fault tests: a delay asked of it (SendGrid's in-call retries) moves it on at once; the broker moves it to
/// the next scheduled message. Thread-safe and monotonic.
/// </summary>
internal sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Elapsed time (a page's budget) follows the simulated clock too.</summary>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void AdvanceTo(DateTimeOffset to)
    {
        lock (gate)
        {
            if (to > now)
            {
                now = to;
            }
        }
    }

    public void Advance(TimeSpan by) => AdvanceTo(GetUtcNow() + by);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Advance(dueTime);
        }

        return System.CreateTimer(callback, state, dueTime == Timeout.InfiniteTimeSpan ? dueTime : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
