using System.Diagnostics;
using Microsoft.Azure.Functions.Worker.Middleware;
using CreatorAccountHealth.Functions.Telemetry;

namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>
/// Runs one invocation of any trigger and logs it as Core Tools does ("Executing 'Functions.X'", "Executed ... (Failed)"),
/// so every failure is logged once, here, with its exception. Callers decide what a failure means for their trigger.
/// The invocation runs through the app's worker middleware, as under the Functions host.
/// </summary>
internal sealed class FunctionExecutor(ILoggerFactory loggers, Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
{
    /// <param name="handleResult">
    /// What to do with the function's result (write the HTTP response), inside the invocation; not called when a middleware
    /// answered instead of running the function.
    /// </param>
    public async Task ExecuteAsync(LocalFunctionContext context, string reason, Func<object?, Task> handleResult)
    {
        using var span = StartSpan(context);
        var logger = loggers.CreateLogger($"Function.{context.Function.Name}");
        logger.LogInformation(
            "Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})", context.Function.Name, reason, context.InvocationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var ran = false;
            object? result = null;
            await middleware(async invocation =>
            {
                result = await context.Function.InvokeAsync((LocalFunctionContext)invocation);
                ran = true;
            })(context);
            if (ran)
            {
                await handleResult(result);
            }

            if (context.Http is { } http)
            {
                span?.SetTag("http.response.status_code", http.Response.StatusCode);
                if (http.Response.StatusCode >= 500)
                {
                    AppTelemetry.Fail(span, $"HTTP {http.Response.StatusCode}");
                }
            }

            logger.LogInformation(
                "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs:0}ms)",
                context.Function.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            logger.LogInformation(
                "Executed 'Functions.{FunctionName}' (Cancelled, Id={InvocationId}, Duration={DurationMs:0}ms)",
                context.Function.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception e)
        {
            AppTelemetry.Fail(span, e.GetType().Name);
            logger.LogError(
                e,
                "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:0}ms)",
                context.Function.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    /// <summary>
    /// The invocation's span, as the Functions host starts one in Azure: an HTTP call continues the caller's
    /// <c>traceparent</c>, a Service Bus message the context its sender put in it, a timer starts a trace.
    /// </summary>
    private static Activity? StartSpan(LocalFunctionContext context)
    {
        if (context.Http is { } http)
        {
            ActivityContext.TryParse(http.Request.Headers.TraceParent, http.Request.Headers.TraceState, isRemote: true, out var caller);
            var span = AppTelemetry.StartInvocation(context.Function.Name, ActivityKind.Server, caller);
            span?.SetTag("http.request.method", http.Request.Method);
            span?.SetTag("url.path", http.Request.Path.Value);
            return span;
        }

        if (context.ServiceBus is { } bus)
        {
            var span = AppTelemetry.StartInvocation(
                context.Function.Name, ActivityKind.Consumer, MessageTraceContext.Extract(bus.Message.ApplicationProperties));
            span?.SetTag("messaging.operation.type", "process");
            span?.SetTag("messaging.message.id", bus.Message.MessageId);
            span?.SetTag("messaging.servicebus.message.delivery_count", bus.Message.DeliveryCount);
            return span;
        }

        return AppTelemetry.StartInvocation(context.Function.Name, ActivityKind.Internal, default);
    }
}
