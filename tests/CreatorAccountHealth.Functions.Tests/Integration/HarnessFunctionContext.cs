using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>
/// The <see cref="FunctionContext"/> of one harness invocation: what the worker middleware reads (the function's name,
/// its route values as binding data, the HttpContext where <c>GetHttpContext()</c> finds it, the services).
/// </summary>
internal sealed class HarnessFunctionContext : FunctionContext
{
    // The item key under which the worker's ASP.NET Core integration keeps the HttpContext.
    private const string HttpContextItemKey = "HttpRequestContext";

    public HarnessFunctionContext(string functionName, IServiceProvider services, HttpContext http, IReadOnlyDictionary<string, object?> bindingData)
    {
        FunctionDefinition = new Definition(functionName);
        InstanceServices = services;
        BindingContext = new Binding(bindingData);
        Items = new Dictionary<object, object> { [HttpContextItemKey] = http };
        CancellationToken = http.RequestAborted;
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => FunctionDefinition.Id;

    public override TraceContext TraceContext => throw new NotSupportedException();

    public override BindingContext BindingContext { get; }

    public override RetryContext RetryContext => throw new NotSupportedException();

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition { get; }

    public override IDictionary<object, object> Items { get; set; }

    public override IInvocationFeatures Features => throw new NotSupportedException();

    public override CancellationToken CancellationToken { get; }

    private sealed class Binding(IReadOnlyDictionary<string, object?> bindingData) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData { get; } = bindingData;
    }

    private sealed class Definition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];

        public override string PathToAssembly => typeof(Definition).Assembly.Location;

        public override string EntryPoint => name;

        public override string Id => name;

        public override string Name => name;

        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
