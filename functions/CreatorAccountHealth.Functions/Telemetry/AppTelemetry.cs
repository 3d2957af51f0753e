using System.Diagnostics;

namespace CreatorAccountHealth.Functions.Telemetry;

/// <summary>
/// The app's trace source and the spans it starts itself. Cosmos DB spans come from the Cosmos SDK's own source
/// (<see cref="CosmosSource"/>), function invocations from the Functions host and worker (locally: the local runtime,
/// through <see cref="StartInvocation"/>). Span attributes carry ids only: creator, alert, message and event ids, never
/// an address, a display name, notice text or a secret.
/// </summary>
public static class AppTelemetry
{
    /// <summary>The name of the app's ActivitySource and of its Meter (<see cref="AppMetrics"/>).</summary>
    public const string Name = "CreatorAccountHealth";

    /// <summary>The Cosmos SDK's ActivitySource (needs <c>DisableDistributedTracing = false</c> and the Azure activity-source switch).</summary>
    public const string CosmosSource = "Azure.Cosmos.Operation";

    /// <summary>The Service Bus SDK's ActivitySources (real namespaces only; the in-process queue has none).</summary>
    public const string ServiceBusSources = "Azure.Messaging.ServiceBus.*";

    /// <summary>Every source exported: ours, Cosmos DB's, Service Bus's.</summary>
    public static readonly string[] Sources = [Name, CosmosSource, ServiceBusSources];

    public static readonly ActivitySource Source = new(Name);

    /// <summary>
    /// One invocation of a function, for hosts that don't trace invocations themselves (the local runtime; in Azure
    /// the Functions host and the worker do). <paramref name="parent"/> is the caller's context (HTTP traceparent,
    /// or the one carried in a Service Bus message); default starts a new trace.
    /// </summary>
    public static Activity? StartInvocation(string functionName, ActivityKind kind, ActivityContext parent) =>
        Source.StartActivity($"Invoke {functionName}", kind, parent, [new("faas.name", functionName), new("faas.trigger", TriggerOf(kind))]);

    /// <summary>A message put on a queue: the span whose context travels inside the message (<see cref="MessageTraceContext"/>).</summary>
    public static Activity? StartQueueSend(string queueName, string messageId, string system)
    {
        var activity = Source.StartActivity($"send {queueName}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", system);
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", queueName);
        activity?.SetTag("messaging.message.id", messageId);
        return activity;
    }

    /// <summary>One email handed to SendGrid, its retries included.</summary>
    public static Activity? StartSendGridSend(string category)
    {
        var activity = Source.StartActivity("SendGrid send", ActivityKind.Client);
        activity?.SetTag("server.address", "api.sendgrid.com");
        activity?.SetTag("email.kind", category);
        return activity;
    }

    /// <summary>Marks the current span failed with a short reason (never a message body or an address).</summary>
    public static void Fail(Activity? activity, string reason) => activity?.SetStatus(ActivityStatusCode.Error, reason);

    private static string TriggerOf(ActivityKind kind) => kind switch
    {
        ActivityKind.Server => "http",
        ActivityKind.Consumer => "pubsub",
        _ => "timer",
    };
}
