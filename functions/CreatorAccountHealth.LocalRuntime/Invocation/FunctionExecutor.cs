using System.Diagnostics;

namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>
/// Runs one invocation of any trigger and logs it as Core Tools does ("Executing 'Functions.X'", "Executed ... (Failed)"),
/// so every failure is logged once, here, with its exception. Callers decide what a failure means for their trigger.
/// </summary>
internal sealed class FunctionExecutor(ILoggerFactory loggers)
{
    /// <param name="handleResult">What to do with the function's result (write the HTTP response), inside the invocation.</param>
    public async Task ExecuteAsync(LocalFunctionContext context, string reason, Func<object?, Task> handleResult)
    {
        var logger = loggers.CreateLogger($"Function.{context.Function.Name}");
        logger.LogInformation(
            "Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})", context.Function.Name, reason, context.InvocationId);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await handleResult(await context.Function.InvokeAsync(context));
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
