using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// Sends to Service Bus queues through the app's one <see cref="ServiceBusClient"/>, with one cached
/// <see cref="ServiceBusSender"/> per queue (senders are meant to live as long as the client, which closes them).
/// </summary>
public sealed class ServiceBusQueueSender(ServiceBusClient client, TimeProvider time) : IQueueSender, IDeadLetterRedrive
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.OrdinalIgnoreCase);

    public async Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var sender = senders.GetOrAdd(queueName, client.CreateSender);
        var outgoing = new ServiceBusMessage(message.Body)
        {
            MessageId = message.MessageId,
            Subject = message.Subject,
            ContentType = message.ContentType,
        };
        if (message.ScheduledEnqueueTime is { } at)
        {
            outgoing.ScheduledEnqueueTime = at;
        }

        foreach (var (name, value) in message.Properties ?? new Dictionary<string, object>())
        {
            outgoing.ApplicationProperties[name] = value;
        }

        try
        {
            await sender.SendMessageAsync(outgoing, cancellationToken);
        }
        catch (Exception e) when (ServiceBusFailures.IsUnavailable(e, cancellationToken))
        {
            throw new QueueUnavailableException(
                $"Service Bus queue '{queueName}' did not take message {message.MessageId}: {ServiceBusFailures.Describe(e)}", e);
        }
    }

    /// <summary>What a re-driven message starts again without: its dead-letter reason, and its back-off (attempts and age start over).</summary>
    public static readonly string[] RedriveResets =
        ["DeadLetterReason", "DeadLetterErrorDescription", MessageRescheduler.AttemptProperty, MessageRescheduler.FirstEnqueuedProperty];

    /// <summary>
    /// Receives from the dead-letter sub-queue in peek-lock, sends each message back (a new MessageId, so duplicate
    /// detection lets it through), then completes it in the dead-letter queue: a failure half-way leaves it there.
    /// </summary>
    public async Task<int> RedriveAsync(string queueName, int maxMessages, CancellationToken cancellationToken)
    {
        var sender = senders.GetOrAdd(queueName, client.CreateSender);
        await using var receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        var count = 0;
        try
        {
            while (count < maxMessages)
            {
                var batch = await receiver.ReceiveMessagesAsync(Math.Min(50, maxMessages - count), TimeSpan.FromSeconds(5), cancellationToken);
                if (batch.Count == 0)
                {
                    break;
                }

                foreach (var dead in batch)
                {
                    var again = new ServiceBusMessage(dead)
                    {
                        MessageId = $"{dead.MessageId}~redriven-{time.GetUtcNow().ToUnixTimeSeconds()}",
                    };
                    foreach (var stale in RedriveResets)
                    {
                        again.ApplicationProperties.Remove(stale);
                    }

                    again.ApplicationProperties[Notifications.EmailMessageSettlement.RedrivenProperty] = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                    await sender.SendMessageAsync(again, cancellationToken);
                    await receiver.CompleteMessageAsync(dead, cancellationToken);
                    count++;
                }
            }
        }
        catch (Exception e) when (ServiceBusFailures.IsUnavailable(e, cancellationToken))
        {
            throw new QueueUnavailableException($"The dead-letter queue of '{queueName}' could not be re-driven after {count} message(s): {ServiceBusFailures.Describe(e)}", e);
        }

        return count;
    }
}
