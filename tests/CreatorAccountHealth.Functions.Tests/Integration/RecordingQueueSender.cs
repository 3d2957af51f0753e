using System.Collections.Concurrent;
using CreatorAccountHealth.Functions.Messaging;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>Stands in for the broker in storage-level tests: records what was sent, and can be "down".</summary>
public sealed class RecordingQueueSender : IQueueSender
{
    public ConcurrentQueue<(string Queue, OutgoingMessage Message)> Sent { get; } = new();

    public bool IsDown { get; set; }

    public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (IsDown)
        {
            throw new QueueUnavailableException("The test broker is down.");
        }

        Sent.Enqueue((queueName, message));
        return Task.CompletedTask;
    }
}
