using System.Collections.Concurrent;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Telemetry;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// Sends to Service Bus queues through the app's one <see cref="ServiceBusClient"/>, with one cached
/// <see cref="ServiceBusSender"/> per queue (senders are meant to live as long as the client, which closes them).
/// </summary>
public sealed class ServiceBusQueueSender(ServiceBusClient client) : IQueueSender
{
    private readonly ConcurrentDictionary<string, ServiceBusSender> senders = new(StringComparer.OrdinalIgnoreCase);

    public async Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken)
    {
        var sender = senders.GetOrAdd(queueName, client.CreateSender);
        using var span = AppTelemetry.StartQueueSend(queueName, message.MessageId, "servicebus");
        var outgoing = new ServiceBusMessage(message.Body)
        {
            MessageId = message.MessageId,
            Subject = message.Subject,
            ContentType = message.ContentType,
        };
        foreach (var (key, value) in message.WithTraceContext(span).ApplicationProperties)
        {
            outgoing.ApplicationProperties[key] = value;
        }

        try
        {
            await sender.SendMessageAsync(outgoing, cancellationToken);
        }
        catch (Exception e) when (ServiceBusFailures.IsUnavailable(e, cancellationToken))
        {
            AppTelemetry.Fail(span, "queue unavailable");
            throw new QueueUnavailableException(
                $"Service Bus queue '{queueName}' did not take message {message.MessageId}: {ServiceBusFailures.Describe(e)}", e);
        }
    }
}
