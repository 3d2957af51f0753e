using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// Runs Service Bus functions whose connection is configured on a real namespace: a <see cref="ServiceBusProcessor"/>
/// per function, one client per connection. The processor settles as the Functions host does (AutoCompleteMessages
/// from the attribute; a failed, unsettled message is abandoned; an unsettled one redelivered once its lock expires).
/// </summary>
internal sealed class ServiceBusProcessorHost(
    IReadOnlyList<ServiceBusFunction> functions,
    ServiceBusFunctionInvoker invoker,
    IOptions<LocalServiceBusOptions> options,
    ILogger<ServiceBusProcessorHost> logger) : IHostedService, IAsyncDisposable
{
    private readonly List<ServiceBusClient> clients = [];
    private readonly List<ServiceBusProcessor> processors = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in functions.GroupBy(f => f.ConnectionName, StringComparer.OrdinalIgnoreCase))
        {
            var client = connection.First().Connection.CreateClient();
            clients.Add(client);
            foreach (var function in connection)
            {
                var processor = CreateProcessor(client, function);
                processors.Add(processor);
                await processor.StartProcessingAsync(cancellationToken);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var processor in processors)
        {
            await processor.StopProcessingAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var processor in processors)
        {
            await processor.DisposeAsync();
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private ServiceBusProcessor CreateProcessor(ServiceBusClient client, ServiceBusFunction function)
    {
        var processorOptions = new ServiceBusProcessorOptions
        {
            AutoCompleteMessages = function.AutoCompleteMessages,
            MaxConcurrentCalls = options.Value.MaxConcurrentCalls,
        };
        var processor = function.QueueName is not null
            ? client.CreateProcessor(function.QueueName, processorOptions)
            : client.CreateProcessor(function.TopicName, function.SubscriptionName, processorOptions);
        processor.ProcessMessageAsync += args => invoker.InvokeAsync(function, args.Message, new ProcessorMessageActions(args), args.CancellationToken);
        processor.ProcessErrorAsync += args =>
        {
            // The function's own failures are logged by the executor already.
            if (args.ErrorSource != ServiceBusErrorSource.ProcessMessageCallback)
            {
                logger.LogError(
                    args.Exception, "Service Bus {EntityPath} for function {FunctionName}: {ErrorSource} failed", args.EntityPath, function.Name, args.ErrorSource);
            }

            return Task.CompletedTask;
        };
        return processor;
    }
}
