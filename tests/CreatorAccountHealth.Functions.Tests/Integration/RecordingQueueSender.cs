using System.Collections.Concurrent;
using CreatorAccountHealth.Functions.Messaging;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>Stands in for the broker in storage-level tests: records what was sent, and can be "down".</summary>
public sealed class RecordingQueueSender : IQueueSender
{
    public ConcurrentQueue<(string Queue, OutgoingMessage Message)> Sent { get; } = new();

    public bool IsDown { get; set; }

    /// <summary>Messages this matches fail with an unexpected error (a bug, not an outage).</summary>
    public Func<OutgoingMessage, bool>? Breaks { get; set; }

    public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (IsDown)
        {
            throw new QueueUnavailableException("The test broker is down.");
        }

        if (Breaks?.Invoke(message) is true)
        {
            throw new InvalidOperationException("The test broker broke on this message.");
        }

        Sent.Enqueue((queueName, message));
        return Task.CompletedTask;
    }
}
