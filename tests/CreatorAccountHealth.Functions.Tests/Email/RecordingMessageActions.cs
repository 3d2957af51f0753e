using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Tests.Email;

public enum Settlement
{
    Completed,
    Abandoned,
    DeadLettered,
    Deferred,
}

public sealed record SettledMessage(
    Settlement Settlement, string MessageId, string? Reason = null, string? Description = null, IDictionary<string, object>? Properties = null);

/// <summary>Records how the function settled each message instead of talking to Service Bus.</summary>
public sealed class RecordingMessageActions : ServiceBusMessageActions
{
    private readonly List<SettledMessage> settled = [];

    public IReadOnlyList<SettledMessage> Settled => settled;

    /// <summary>The one settlement of a single-message test.</summary>
    public SettledMessage Only => Assert.Single(settled);

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        Record(new SettledMessage(Settlement.Completed, message.MessageId));

    public override Task AbandonMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        Record(new SettledMessage(Settlement.Abandoned, message.MessageId, Properties: propertiesToModify));

    public override Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = default,
        string? deadLetterReason = default,
        string? deadLetterErrorDescription = default,
        CancellationToken cancellationToken = default) =>
        Record(new SettledMessage(Settlement.DeadLettered, message.MessageId, deadLetterReason, deadLetterErrorDescription, propertiesToModify));

    public override Task DeferMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = default, CancellationToken cancellationToken = default) =>
        Record(new SettledMessage(Settlement.Deferred, message.MessageId, Properties: propertiesToModify));

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) => Task.CompletedTask;

    private Task Record(SettledMessage message)
    {
        lock (settled)
        {
            settled.Add(message);
        }

        return Task.CompletedTask;
    }
}
