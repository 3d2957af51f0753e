using CreatorAccountHealth.LocalRuntime.Invocation;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.Timers;

/// <summary>
/// Runs each timer function on its schedule, like the Functions timer trigger without its storage-backed monitor:
/// one invocation at a time per function (the next occurrence is computed once a run ends, so occurrences missed
/// while it ran are skipped), a failing run is logged and the schedule goes on. All time comes from the injected
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
internal sealed class TimerScheduler(
    IReadOnlyList<TimerFunction> timers,
    FunctionExecutor executor,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<TimerScheduler> logger) : IHostedService, IDisposable
{
    // Timers cannot wait much more than 49 days at once; a yearly schedule waits in steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    private readonly CancellationTokenSource stopping = new();
    private Task running = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        running = Task.WhenAll(timers.Select(timer => Task.Run(() => RunAsync(timer, stopping.Token), CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        await running.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stopping.Dispose();

    private async Task RunAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        try
        {
            if (timer.RunOnStartup)
            {
                await InvokeAsync(timer, time.GetUtcNow(), isPastDue: false, "This function was invoked at start-up (RunOnStartup).", stoppingToken);
            }

            while (timer.Schedule.GetNextOccurrence(time.GetUtcNow()) is { } due)
            {
                await WaitUntilAsync(due, stoppingToken);

                // Past due when the clock has already passed the occurrence after this one (the machine slept, say).
                var isPastDue = timer.Schedule.GetNextOccurrence(due) <= time.GetUtcNow();
                await InvokeAsync(timer, due, isPastDue, $"Timer fired at {time.GetUtcNow():O}", stoppingToken);
            }

            logger.LogWarning("Timer function {FunctionName} has no further occurrences of '{Schedule}'.", timer.Name, timer.Expression);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken stoppingToken)
    {
        stoppingToken.ThrowIfCancellationRequested();
        for (var remaining = due - time.GetUtcNow(); remaining > TimeSpan.Zero; remaining = due - time.GetUtcNow())
        {
            await Task.Delay(remaining < LongestWait ? remaining : LongestWait, time, stoppingToken);
        }
    }

    private async Task InvokeAsync(TimerFunction timer, DateTimeOffset scheduled, bool isPastDue, string reason, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus
            {
                Last = scheduled.UtcDateTime,
                Next = (timer.Schedule.GetNextOccurrence(now) ?? DateTimeOffset.MaxValue).UtcDateTime,
                LastUpdated = now.UtcDateTime,
            },
        };

        // A scope per invocation, as the worker gives each invocation its own.
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            await executor.ExecuteAsync(
                LocalFunctionContext.ForTimer(timer.Function, scope.ServiceProvider, info, stoppingToken), reason, static _ => Task.CompletedTask);
        }
        catch (Exception)
        {
            // Logged by the executor. A failed run must not end the schedule, nor the host.
        }
    }
}
