using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Http;

/// <summary>
/// What every HTTP function goes through, in one place: who is calling (<see cref="CallerGate"/>), storage or identity
/// keys being unavailable as a 503 with Retry-After, and a lost optimistic-concurrency race as a 409 concurrentUpdate. A worker middleware, so the Functions host (Program.cs),
/// the local runtime and the integration harness run exactly this. Function bodies hold only their own work.
/// Other triggers pass straight through.
/// </summary>
public sealed class HttpPipeline(HttpRoutes routes, CallerGate gate, ILogger<HttpPipeline> logger) : IFunctionsWorkerMiddleware
{
    public const string CreatorIdParameter = "creatorId";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        // HttpRoutes holds every HTTP function of the app; one it doesn't know is never served unguarded.
        var route = routes.Find(context.FunctionDefinition.Name)
            ?? throw new InvalidOperationException($"HTTP function '{context.FunctionDefinition.Name}' is not among the app's routes: refusing to serve it unguarded.");
        try
        {
            var refusal = await gate.CheckAsync(route.Access, http.Request.Headers.Authorization, RouteCreatorId(context), context.CancellationToken);
            if (refusal is { } refused)
            {
                await WriteAsync(http, Problems.Gate(refused, RouteCreatorId(context)));
                return;
            }

            await next(context);
        }
        catch (StorageUnavailableException e) when (!http.Response.HasStarted)
        {
            logger.LogWarning(e, "{Function}: storage unavailable", route.FunctionName);
            await WriteAsync(http, Problems.StorageUnavailable(e.RetryAfter, e.CallerDetail));
        }
        catch (ConcurrencyConflictException e) when (!http.Response.HasStarted)
        {
            logger.LogWarning(e, "{Function}: concurrent changes kept winning", route.FunctionName);
            await WriteAsync(http, Problems.ConcurrentUpdate(e.RetryAfter));
        }
        catch (IdentityKeysUnavailableException e) when (!http.Response.HasStarted)
        {
            logger.LogWarning(e, "{Function}: the token issuer's keys are unavailable", route.FunctionName);
            await WriteAsync(http, Problems.IdentityUnavailable());
        }
    }

    /// <summary>The route's creator id as bound (URL-decoded): binding data under the host and the local runtime alike.</summary>
    private static string? RouteCreatorId(FunctionContext context) =>
        context.BindingContext.BindingData
            .FirstOrDefault(b => string.Equals(b.Key, CreatorIdParameter, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private static Task WriteAsync(HttpContext http, IActionResult result)
    {
        http.Response.Clear();
        return result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
