using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>Runs a Service Bus function for one message, whichever transport delivered it. A failure is logged, then thrown.</summary>
internal sealed class ServiceBusFunctionInvoker(FunctionExecutor executor, IServiceScopeFactory scopes)
{
    public async Task InvokeAsync(ServiceBusFunction function, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        // A scope per invocation, as the worker gives each invocation its own.
        await using var scope = scopes.CreateAsyncScope();
        var context = LocalFunctionContext.ForServiceBus(function.Function, scope.ServiceProvider, new ServiceBusInput(message, actions), cancellationToken);
        await executor.ExecuteAsync(
            context,
            $"New ServiceBus message detected on '{function.QueueName ?? function.TopicName}' (MessageId={message.MessageId}, DeliveryCount={message.DeliveryCount}).",
            static _ => Task.CompletedTask);
    }
}
