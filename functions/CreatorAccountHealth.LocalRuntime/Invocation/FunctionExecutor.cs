using System.Diagnostics;
using Microsoft.Azure.Functions.Worker.Middleware;

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
            logger.LogError(
                e,
                "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:0}ms)",
                context.Function.Name, context.InvocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
