using System.Threading.Channels;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using NodaTime;

namespace CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;

public enum OrderKind
{
    Standard,
    GiftWrapped,
}

/// <summary>A typed payload, serialized as the app serializes its messages (camelCase, enums as strings, NodaTime instants).</summary>
public sealed record OrderPlaced(string OrderId, OrderKind Kind, Instant PlacedAt);

/// <summary>One Service Bus invocation as the function saw it.</summary>
public sealed record ServiceBusCall(string Function, string MessageId, int DeliveryCount, object Bound, FunctionContext Context);

/// <summary>What a settling function does with its message.</summary>
public enum Settlement
{
    Complete,
    DeadLetter,
    Nothing,
    CompleteTwice,
}

/// <summary>What the Service Bus test functions report to the test, and how they behave.</summary>
public sealed class ServiceBusProbe
{
    public const string DeadLetterReason = "UnknownCreator";
    public const string DeadLetterDescription = "No creator has this id.";

    private readonly Channel<ServiceBusCall> calls = Channel.CreateUnbounded<ServiceBusCall>();

    /// <summary>How many of the next invocations of <c>SbOrders</c> throw.</summary>
    public int FailuresLeft { get; set; }

    public Settlement Settlement { get; set; }

    private readonly TaskCompletionSource<Exception?> secondSettlement = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What settling a second time threw, for <see cref="Settlement.CompleteTwice"/>; the queue drains
    /// after the first completion, so a test waits on this rather than on the queue.</summary>
    public Task<Exception?> SecondSettlementErrorAsync() => secondSettlement.Task.WaitAsync(TestTimeout.Value);

    public Task<ServiceBusCall> NextCallAsync() => calls.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout.Value);

    public bool HasCall => calls.Reader.TryPeek(out _);

    public void Record(string function, ServiceBusReceivedMessage message, object bound, FunctionContext context)
    {
        calls.Writer.TryWrite(new ServiceBusCall(function, message.MessageId, message.DeliveryCount, bound, context));
        if (FailuresLeft > 0)
        {
            FailuresLeft--;
            throw new InvalidOperationException("A Service Bus function failing on purpose.");
        }
    }

    public async Task SettleAsync(ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        switch (Settlement)
        {
            case Settlement.Complete:
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;
            case Settlement.DeadLetter:
                await actions.DeadLetterMessageAsync(message, deadLetterReason: DeadLetterReason, deadLetterErrorDescription: DeadLetterDescription, cancellationToken: cancellationToken);
                break;
            case Settlement.CompleteTwice:
                await actions.CompleteMessageAsync(message, cancellationToken);
                secondSettlement.TrySetResult(await Xunit.Record.ExceptionAsync(() => actions.CompleteMessageAsync(message, cancellationToken)));
                break;
        }
    }
}

/// <summary>Service Bus functions for the runtime's tests, written as the app's are.</summary>
public sealed class ServiceBusTestFunctions(ServiceBusProbe probe)
{
    public const string OrdersQueueSetting = "Queues__Orders";
    public const string SettleQueue = "settle";
    public const string PayloadQueue = "payload";
    public const string TextQueue = "text";

    [Function("SbOrders")]
    public void Orders(
        [ServiceBusTrigger("%Queues__Orders%", Connection = "ServiceBusConnection")] ServiceBusReceivedMessage message,
        FunctionContext context,
        CancellationToken cancellationToken) =>
        probe.Record("SbOrders", message, message, context);

    [Function("SbSettle")]
    public async Task Settle(
        [ServiceBusTrigger(SettleQueue, Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        probe.Record("SbSettle", message, message, context);
        await probe.SettleAsync(message, actions, cancellationToken);
    }

    [Function("SbPayload")]
    public void Payload([ServiceBusTrigger(PayloadQueue, Connection = "ServiceBusConnection")] OrderPlaced order, FunctionContext context) =>
        probe.Record("SbPayload", Received(context), order, context);

    [Function("SbText")]
    public void Text([ServiceBusTrigger(TextQueue, Connection = "ServiceBusConnection")] string body, FunctionContext context) =>
        probe.Record("SbText", Received(context), body, context);

    [Function("SbSessions")]
    public void Sessions([ServiceBusTrigger("sessions", Connection = "ServiceBusConnection", IsSessionsEnabled = true)] ServiceBusReceivedMessage message)
    {
    }

    [Function("SbTopic")]
    public void Topic([ServiceBusTrigger("events", "audit", Connection = "ServiceBusConnection")] ServiceBusReceivedMessage message)
    {
    }

    // A function that binds the body sees the message's metadata in the binding data, as in Azure.
    private static ServiceBusReceivedMessage Received(FunctionContext context) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            messageId: (string)context.BindingContext.BindingData["MessageId"]!,
            deliveryCount: (int)context.BindingContext.BindingData["DeliveryCount"]!);
}
