using System.Diagnostics;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>
/// The <see cref="FunctionContext"/> of one local invocation. It carries what the worker's carries that function code
/// reads: ids, the invocation's services, items, the cancellation token and, for HTTP, the HttpContext where
/// <c>FunctionContext.GetHttpContext()</c> looks for it.
/// </summary>
internal sealed class LocalFunctionContext : FunctionContext
{
    // The item key under which the worker's ASP.NET Core integration keeps the HttpContext.
    private const string HttpContextItemKey = "HttpRequestContext";

    private readonly CancellationToken cancellationToken;

    private LocalFunctionContext(
        LocalFunction function,
        IServiceProvider services,
        IReadOnlyDictionary<string, object?> bindingData,
        CancellationToken cancellationToken)
    {
        Function = function;
        InstanceServices = services;
        BindingContext = new LocalBindingContext(bindingData);
        this.cancellationToken = cancellationToken;
    }

    public LocalFunction Function { get; }

    /// <summary>The request, for HTTP functions.</summary>
    public HttpContext? Http { get; private init; }

    /// <summary>The timer's status, for timer functions.</summary>
    public TimerInfo? Timer { get; private init; }

    /// <summary>The message and its settlement, for Service Bus functions.</summary>
    public ServiceBusInput? ServiceBus { get; private init; }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => Function.Definition.Id;

    /// <summary>The invocation's span, which <see cref="FunctionExecutor"/> starts once the context exists.</summary>
    public override TraceContext TraceContext => new LocalTraceContext(Activity.Current?.Id ?? string.Empty, Activity.Current?.TraceStateString ?? string.Empty);

    public override BindingContext BindingContext { get; }

    // Retries are a host policy; locally every invocation is a first attempt.
    public override RetryContext RetryContext { get; } = new LocalRetryContext();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition => Function.Definition;

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new LocalInvocationFeatures();

    public override CancellationToken CancellationToken => cancellationToken;

    public static LocalFunctionContext ForHttp(LocalFunction function, HttpContext http)
    {
        var context = new LocalFunctionContext(function, http.RequestServices, http.Request.RouteValues.ToDictionary(), http.RequestAborted)
        {
            Http = http,
        };
        context.Items[HttpContextItemKey] = http;
        return context;
    }

    public static LocalFunctionContext ForTimer(LocalFunction function, IServiceProvider services, TimerInfo timer, CancellationToken cancellationToken) =>
        new(function, services, new Dictionary<string, object?>(), cancellationToken) { Timer = timer };

    /// <summary>Binding data named as the Service Bus extension names it, for code that reads the trigger's metadata.</summary>
    public static LocalFunctionContext ForServiceBus(LocalFunction function, IServiceProvider services, ServiceBusInput input, CancellationToken cancellationToken)
    {
        var message = input.Message;
        var bindingData = new Dictionary<string, object?>
        {
            ["MessageId"] = message.MessageId,
            ["DeliveryCount"] = message.DeliveryCount,
            ["Subject"] = message.Subject,
            ["ContentType"] = message.ContentType,
            ["EnqueuedTimeUtc"] = message.EnqueuedTime.UtcDateTime,
            ["SequenceNumber"] = message.SequenceNumber,
            ["LockToken"] = message.LockToken,
            ["ApplicationProperties"] = message.ApplicationProperties,
        };
        return new(function, services, bindingData, cancellationToken) { ServiceBus = input };
    }

    private sealed class LocalBindingContext(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = bindingData;
    }

    private sealed class LocalTraceContext(string traceParent, string traceState) : TraceContext
    {
        public override string TraceParent { get; } = traceParent;

        public override string TraceState { get; } = traceState;
    }

    private sealed class LocalRetryContext : RetryContext
    {
        public override int RetryCount => 0;

        public override int MaxRetryCount => 0;
    }

    private sealed class LocalInvocationFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> features = [];

        public T? Get<T>() => features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public void Set<T>(T instance)
        {
            if (instance is null)
            {
                features.Remove(typeof(T));
            }
            else
            {
                features[typeof(T)] = instance;
            }
        }

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => features.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
