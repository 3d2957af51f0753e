using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// Feeds the in-process queue's messages to their functions, <see cref="LocalServiceBusOptions.MaxConcurrentCalls"/>
/// at a time per function (functions on one queue compete for its messages), and settles what the function did not,
/// as the Functions host does: AutoCompleteMessages completes after success; a failure abandons (redelivery). With
/// AutoCompleteMessages false, an unsettled message would be redelivered once its lock expired: here it is abandoned.
/// </summary>
internal sealed class InProcessQueueListener(
    IReadOnlyList<ServiceBusFunction> functions,
    InProcessQueue queue,
    ServiceBusFunctionInvoker invoker,
    IOptions<LocalServiceBusOptions> options,
    ILogger<InProcessQueueListener> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        running = Task.WhenAll(functions.SelectMany(function => Enumerable.Range(0, options.Value.MaxConcurrentCalls)
            .Select(_ => Task.Run(() => ListenAsync(function, stopping.Token), CancellationToken.None))));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stopping.Dispose();

    private async Task ListenAsync(ServiceBusFunction function, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var delivery = await queue.ReceiveAsync(function.QueueName!, stoppingToken);
                await DeliverAsync(function, delivery, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task DeliverAsync(ServiceBusFunction function, InProcessDelivery delivery, CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeAsync(function, delivery.Message, new InProcessMessageActions(delivery), stoppingToken);
        }
        catch (Exception)
        {
            // Logged by the executor.
            if (!delivery.IsSettled)
            {
                delivery.Abandon(propertiesToModify: null);
            }

            return;
        }

        if (delivery.IsSettled)
        {
            return;
        }

        if (function.AutoCompleteMessages)
        {
            delivery.Complete();
        }
        else
        {
            logger.LogWarning(
                "Function {FunctionName} returned without settling message {MessageId} (AutoCompleteMessages is false): abandoned, as its lock would expire on Service Bus",
                function.Name, delivery.Message.MessageId);
            delivery.Abandon(propertiesToModify: null);
        }
    }
}
