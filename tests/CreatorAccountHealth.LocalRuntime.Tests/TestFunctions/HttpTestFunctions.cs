using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;

/// <summary>A scoped service: the same instance throughout one invocation, another in the next.</summary>
public sealed class RequestScoped;

/// <summary>HTTP functions for the runtime's tests, written as the app's are.</summary>
public sealed class HttpTestFunctions(RequestScoped scoped)
{
    public const string SecretDetail = "connection string with a password in it";

    public static readonly string[] All = ["GetItem", "Typed", "Unconstrained", "Echo", "AnyMethod", "Context", "Throws", "NoResult"];

    private readonly Guid instanceId = Guid.NewGuid();

    // Function level: a key would be needed in Azure, not locally.
    [Function("GetItem")]
    public IActionResult GetItem([HttpTrigger(AuthorizationLevel.Function, "get", Route = "items/{id:int}")] HttpRequest request, int id) =>
        new OkObjectResult(new { id });

    [Function("Typed")]
    public object Typed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "typed/{key:guid}/{count:long}/{flag:bool}/{name?}")] HttpRequest request,
        Guid key,
        long count,
        bool flag,
        string? name) =>
        new { key, count, flag, name };

    [Function("Unconstrained")]
    public object Unconstrained([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unconstrained/{number}")] HttpRequest request, int number) =>
        new { number };

    [Function("Echo")]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "POST", Route = "echo")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        return new ContentResult { Content = await reader.ReadToEndAsync(), ContentType = "text/plain", StatusCode = StatusCodes.Status201Created };
    }

    [Function("AnyMethod")]
    public IActionResult AnyMethod([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) => JsonResponse.Ok(new { method = request.Method });

    [Function("Context")]
    public async Task<object> Context(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "context/{tag}")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        return new
        {
            invocationId = context.InvocationId,
            functionName = context.FunctionDefinition.Name,
            entryPoint = context.FunctionDefinition.EntryPoint,
            trigger = context.FunctionDefinition.InputBindings.Values.Single().Type,
            tag = context.BindingContext.BindingData["tag"],
            servicesAreTheRequests = ReferenceEquals(context.InstanceServices, request.HttpContext.RequestServices),
            constructedInTheInvocationScope = ReferenceEquals(scoped, context.InstanceServices.GetRequiredService<RequestScoped>()),
            httpContextFound = ReferenceEquals(context.GetHttpContext(), request.HttpContext),
            tokenIsRequestAborted = cancellationToken == request.HttpContext.RequestAborted && context.CancellationToken == cancellationToken,
            instanceId,
        };
    }

    [Function("Throws")]
    public IActionResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throws")] HttpRequest request) =>
        throw new InvalidOperationException(SecretDetail);

    [Function("NoResult")]
    public async Task NoResult([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "no-result")] HttpRequest request) => await Task.Yield();

    /// <summary>Hosted only by the test that shows an unbindable parameter stops start-up.</summary>
    [Function("Unbindable")]
    public IActionResult Unbindable([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, Stream body) => new OkResult();
}
