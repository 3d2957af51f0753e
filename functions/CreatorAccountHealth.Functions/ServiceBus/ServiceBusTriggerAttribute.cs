using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Stand-in for the attribute of Microsoft.Azure.Functions.Worker.Extensions.ServiceBus (not on our NuGet mirror): same
/// namespace, name, constructors, properties and defaults, so the Worker SDK writes the same <c>serviceBusTrigger</c>
/// binding into functions.metadata. Left out of builds with <c>-p:ServiceBusExtension=Official</c> (docs/service-bus.md).
/// </summary>
[InputConverter(typeof(ServiceBusReceivedMessageConverter))]
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ServiceBusTriggerAttribute : TriggerBindingAttribute, ISupportCardinality
{
    private bool _isBatched;

    /// <param name="queueName">The queue to read; <c>%Setting%</c> is resolved from app settings.</param>
    public ServiceBusTriggerAttribute(string queueName) => QueueName = queueName;

    /// <param name="topicName">The topic; <c>%Setting%</c> is resolved from app settings.</param>
    /// <param name="subscriptionName">The subscription of <paramref name="topicName"/> to read.</param>
    public ServiceBusTriggerAttribute(string topicName, string subscriptionName)
    {
        TopicName = topicName;
        SubscriptionName = subscriptionName;
    }

    /// <summary>The app setting (prefix) naming the namespace: <c>X</c> (connection string) or <c>X__fullyQualifiedNamespace</c>.</summary>
    public string? Connection { get; set; }

    /// <summary>The queue to read, or null when reading a topic subscription.</summary>
    public string? QueueName { get; }

    /// <summary>The topic to read, or null when reading a queue.</summary>
    public string? TopicName { get; }

    /// <summary>The subscription of <see cref="TopicName"/>, or null when reading a queue.</summary>
    public string? SubscriptionName { get; }

    /// <summary>Whether the entity requires sessions.</summary>
    [DefaultValue(false)]
    public bool IsSessionsEnabled { get; set; }

    /// <summary>Complete after a successful run, abandon after an exception. False: the function settles through <see cref="ServiceBusMessageActions"/>.</summary>
    [DefaultValue(true)]
    public bool AutoCompleteMessages { get; set; } = true;

    /// <summary>Whether the function receives messages in batches (cardinality "Many"). Default false.</summary>
    [DefaultValue(false)]
    public bool IsBatched
    {
        get => _isBatched;
        set => _isBatched = value;
    }

    Cardinality ISupportCardinality.Cardinality
    {
        get => _isBatched ? Cardinality.Many : Cardinality.One;
        set => _isBatched = value == Cardinality.Many;
    }
}
