using CreatorAccountHealth.LocalRuntime.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.Http;

/// <summary>An HTTP-triggered function and where it listens.</summary>
internal sealed record HttpFunction(LocalFunction Function, string RouteTemplate, IReadOnlyList<string> Methods)
{
    /// <summary>The route is <c>{routePrefix}/{Route}</c>; with no Route, the function's name (the Functions convention).</summary>
    public static HttpFunction Create(LocalFunction function, string routePrefix)
    {
        var trigger = (HttpTriggerAttribute)function.Trigger;
        var route = (trigger.Route ?? function.Name).Trim('/');
        var template = routePrefix.Length == 0 ? route : $"{routePrefix}/{route}";
        var methods = (trigger.Methods ?? []).Select(m => m.ToUpperInvariant()).Distinct().ToList();
        return new HttpFunction(function, template, methods);
    }

    public string Name => Function.Name;
}
