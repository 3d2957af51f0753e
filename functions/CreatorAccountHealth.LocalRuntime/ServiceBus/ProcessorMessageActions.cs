using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// The <see cref="ServiceBusMessageActions"/> a function gets for a message from a <see cref="ServiceBusProcessor"/>:
/// settling through the processor's event args lets it know, so it doesn't also auto-complete or abandon.
/// </summary>
internal sealed class ProcessorMessageActions(ProcessMessageEventArgs args) : ServiceBusMessageActions
{
    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        args.CompleteMessageAsync(message, cancellationToken);

    public override Task AbandonMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        args.AbandonMessageAsync(message, propertiesToModify, cancellationToken);

    public override Task DeadLetterMessageAsync(
        ServiceBusReceivedMessage message,
        Dictionary<string, object>? propertiesToModify = null,
        string? deadLetterReason = null,
        string? deadLetterErrorDescription = null,
        CancellationToken cancellationToken = default) =>
        args.DeadLetterMessageAsync(message, propertiesToModify, deadLetterReason, deadLetterErrorDescription, cancellationToken);

    public override Task DeferMessageAsync(
        ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default) =>
        args.DeferMessageAsync(message, propertiesToModify, cancellationToken);

    public override Task RenewMessageLockAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default) =>
        args.RenewMessageLockAsync(message, cancellationToken);
}
