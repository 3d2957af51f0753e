namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// App settings <c>LocalRuntime__ServiceBus__*</c>: how the local runtime runs Service Bus functions. On a real
/// namespace only <see cref="MaxConcurrentCalls"/> applies; the rest are the in-process queue's stand-ins for what
/// are properties of the queue in Azure.
/// </summary>
public sealed class LocalServiceBusOptions
{
    public const string SectionName = "LocalRuntime:ServiceBus";

    /// <summary>Messages one function handles at once.</summary>
    public int MaxConcurrentCalls { get; set; } = 16;

    /// <summary>Deliveries before a message is dead-lettered with reason MaxDeliveryCountExceeded (Service Bus's default: 10).</summary>
    public int MaxDeliveryCount { get; set; } = 10;

    /// <summary>How long an abandoned message waits before it is delivered again.</summary>
    public TimeSpan RedeliveryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a MessageId is remembered to drop repeats (Service Bus's default: 10 minutes).</summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The settings, checked: bad ones stop start-up with what to fix.</summary>
    public static LocalServiceBusOptions Read(IConfiguration configuration)
    {
        LocalServiceBusOptions options;
        try
        {
            options = configuration.GetSection(SectionName).Get<LocalServiceBusOptions>() ?? new LocalServiceBusOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new LocalRuntimeConfigurationException($"LocalRuntime__ServiceBus settings: {e.Message}", e);
        }

        var problems = options.Problems().ToList();
        return problems.Count == 0 ? options : throw new LocalRuntimeConfigurationException(string.Join(" ", problems));
    }

    private IEnumerable<string> Problems()
    {
        if (MaxConcurrentCalls < 1)
        {
            yield return "LocalRuntime__ServiceBus__MaxConcurrentCalls must be at least 1.";
        }

        if (MaxDeliveryCount < 1)
        {
            yield return "LocalRuntime__ServiceBus__MaxDeliveryCount must be at least 1.";
        }

        if (RedeliveryDelay < TimeSpan.Zero)
        {
            yield return "LocalRuntime__ServiceBus__RedeliveryDelay must not be negative.";
        }

        if (DuplicateDetectionWindow < TimeSpan.Zero)
        {
            yield return "LocalRuntime__ServiceBus__DuplicateDetectionWindow must not be negative.";
        }
    }
}
