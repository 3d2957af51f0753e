using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.LocalRuntime.Invocation;
using CreatorAccountHealth.LocalRuntime.Settings;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// A Service Bus-triggered function with its entity names resolved from app settings and its connection read. With
/// the connection configured it runs on Service Bus; without, on the in-process queue (queues only).
/// </summary>
internal sealed record ServiceBusFunction(
    LocalFunction Function,
    string? QueueName,
    string? TopicName,
    string? SubscriptionName,
    string ConnectionName,
    ServiceBusConnectionOptions Connection,
    bool AutoCompleteMessages)
{
    /// <summary>The connection the Functions host uses when the trigger names none.</summary>
    public const string DefaultConnectionName = "AzureWebJobsServiceBus";

    public string Name => Function.Name;

    public bool UsesInProcessQueue => !Connection.IsConfigured;

    /// <summary>Where its messages come from, for the banner and logs.</summary>
    public string Source => (QueueName is not null ? $"queue {QueueName}" : $"topic {TopicName}, subscription {SubscriptionName}")
        + (UsesInProcessQueue ? " (in-process queue)" : $" on {Connection.Namespace}");

    /// <summary>
    /// The function ready to host, or why the local runtime can't host it. A missing <c>%Setting%</c> or a bad
    /// connection stops start-up, naming the function and the setting.
    /// </summary>
    public static (ServiceBusFunction? Function, string? NotHostedReason) Create(LocalFunction function, IConfiguration configuration)
    {
        var trigger = (ServiceBusTriggerAttribute)function.Trigger;
        if (trigger.IsSessionsEnabled || trigger.IsBatched)
        {
            return (null, "sessions and batches are not supported locally");
        }

        var connectionName = string.IsNullOrWhiteSpace(trigger.Connection) ? DefaultConnectionName : trigger.Connection;
        var connection = ServiceBusConnectionOptions.Read(configuration, connectionName);
        var problems = connection.Problems(connectionName).ToList();
        if (problems.Count > 0)
        {
            throw new LocalRuntimeConfigurationException($"Function '{function.Name}': {string.Join(" ", problems)}");
        }

        if (trigger.QueueName is null && !connection.IsConfigured)
        {
            return (null, $"a topic subscription needs a Service Bus connection ('{connectionName}')");
        }

        string? Resolve(string? declared, string what) => declared is null ? null : AppSettingReferences.Resolve(
            declared,
            configuration,
            setting => $"Function '{function.Name}': its {what} '{declared}' refers to app setting '{setting}', which is not set.");

        return (new ServiceBusFunction(
            function,
            Resolve(trigger.QueueName, "queue name"),
            Resolve(trigger.TopicName, "topic name"),
            Resolve(trigger.SubscriptionName, "subscription name"),
            connectionName,
            connection,
            trigger.AutoCompleteMessages), null);
    }
}
