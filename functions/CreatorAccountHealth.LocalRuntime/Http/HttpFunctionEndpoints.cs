using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.LocalRuntime.Invocation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing.Patterns;

namespace CreatorAccountHealth.LocalRuntime.Http;

/// <summary>
/// Maps each HTTP function to an ASP.NET Core endpoint: the same route templates and constraints the Functions
/// host uses, restricted to the trigger's methods (another method gets 405).
/// </summary>
internal static class HttpFunctionEndpoints
{
    private const string InvocationReason = "This function was programmatically called via the host APIs.";

    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions)
    {
        foreach (var function in functions)
        {
            RequestDelegate handler = http => InvokeAsync(function.Function, http);
            IEndpointConventionBuilder endpoint;
            try
            {
                endpoint = endpoints.Map(RoutePatternFactory.Parse(function.RouteTemplate), handler);
            }
            catch (RoutePatternException e)
            {
                throw new LocalRuntimeConfigurationException(
                    $"Function '{function.Name}': route '{function.RouteTemplate}' is not a valid route template: {e.Message}", e);
            }

            endpoint.WithDisplayName($"Functions.{function.Name}");
            if (function.Methods.Count > 0)
            {
                endpoint.WithMetadata(new HttpMethodMetadata(function.Methods, acceptCorsPreflight: true));
            }
        }
    }

    private static async Task InvokeAsync(LocalFunction function, HttpContext http)
    {
        var executor = http.RequestServices.GetRequiredService<FunctionExecutor>();
        var context = LocalFunctionContext.ForHttp(function, http);
        try
        {
            await executor.ExecuteAsync(context, InvocationReason, result => WriteResultAsync(http, result));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The caller has gone: there is no one to answer.
        }
        catch (Exception) when (!http.Response.HasStarted)
        {
            // Logged in full by the executor under the invocation id; the caller gets that id, not the stack trace.
            http.Response.Clear();
            await ExecuteAsync(Problems.Unexpected(context.InvocationId), http);
        }
    }

    /// <summary>As the Functions host does: an IActionResult executes, no result is an empty 200, anything else is JSON.</summary>
    private static Task WriteResultAsync(HttpContext http, object? result) => result switch
    {
        IActionResult action => ExecuteAsync(action, http),
        null => Task.CompletedTask,
        _ => ExecuteAsync(JsonResponse.Ok(result), http),
    };

    private static Task ExecuteAsync(IActionResult result, HttpContext http) =>
        result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
}
