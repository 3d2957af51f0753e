using System.Threading.Channels;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;

/// <summary>One timer invocation as the function saw it.</summary>
public sealed record TimerCall(string Function, TimerInfo Timer, string InvocationId, CancellationToken CancellationToken);

/// <summary>
/// What the timer test functions report to the test, and how they behave: hold until <see cref="Gate"/> opens,
/// fail the first <see cref="FailuresLeft"/> times.
/// </summary>
public sealed class TimerProbe
{
    private readonly Channel<TimerCall> calls = Channel.CreateUnbounded<TimerCall>();
    private int running;
    private int mostRunning;

    public TaskCompletionSource? Gate { get; set; }

    public int FailuresLeft { get; set; }

    public int MostRunningAtOnce => Volatile.Read(ref mostRunning);

    public async Task RunAsync(string function, TimerInfo timer, FunctionContext context, CancellationToken cancellationToken)
    {
        var now = Interlocked.Increment(ref running);
        InterlockedMax(ref mostRunning, now);
        try
        {
            calls.Writer.TryWrite(new TimerCall(function, timer, context.InvocationId, cancellationToken));
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("A timer function failing on purpose.");
            }
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    public Task<TimerCall> NextCallAsync() => calls.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout.Value);

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}

/// <summary>Timer functions for the runtime's tests.</summary>
public sealed class TimerTestFunctions(TimerProbe probe)
{
    public const string SweepSetting = "Jobs__Sweep";

    [Function("Sweep")]
    public Task Sweep([TimerTrigger("%Jobs__Sweep%")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        probe.RunAsync("Sweep", timer, context, cancellationToken);

    [Function("AtStartup")]
    public Task AtStartup([TimerTrigger("0 0 0 1 1 *", RunOnStartup = true)] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        probe.RunAsync("AtStartup", timer, context, cancellationToken);

    [Function("EveryFiveMinutes")]
    public Task EveryFiveMinutes([TimerTrigger("00:05:00")] TimerInfo timer, FunctionContext context, CancellationToken cancellationToken) =>
        probe.RunAsync("EveryFiveMinutes", timer, context, cancellationToken);
}
