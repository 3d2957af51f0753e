using System.Collections.Concurrent;
using System.Diagnostics;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>One kind of request the driver sends: returns null on success, else a short description of what went wrong.</summary>
internal interface ILoadTarget
{
    Task<string?> SendAsync(string batch, int sequence, CancellationToken cancellationToken);
}

/// <summary>What one phase measured.</summary>
internal sealed record PhaseResult(int Count, TimeSpan Elapsed, CpuUse Cpu, LatencySummary Latency, IReadOnlyDictionary<string, int> Errors)
{
    public int WarmUpRequests { get; init; }

    public TimeSpan WarmUpTime { get; init; }

    public double PerSecond => Count / Elapsed.TotalSeconds;

    public int ErrorCount => Errors.Values.Sum();
}

/// <summary>
/// A closed loop: C workers each take the next sequence number and send it, until all N are sent. A worker starts
/// a request only when its last one has answered, so the rate is what the system under test sustains at C in flight.
/// </summary>
internal static class LoadDriver
{
    public static async Task<PhaseResult> RunAsync(ILoadTarget target, string batch, int count, int concurrency, CancellationToken cancellationToken)
    {
        var latencies = new LatencyRecorder(count);
        var errors = new ConcurrentDictionary<string, int>();
        var next = -1;

        async Task Worker()
        {
            for (var sequence = Interlocked.Increment(ref next); sequence < count; sequence = Interlocked.Increment(ref next))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var started = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await target.SendAsync(batch, sequence, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // Timeouts, refused connections, ...: an error like any other, the run goes on.
                    error = e.GetType().Name;
                }

                latencies.Record(Stopwatch.GetElapsedTime(started));
                if (error is not null)
                {
                    errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                }
            }
        }

        var phaseStarted = Stopwatch.GetTimestamp();
        var cpu = new CpuMeter();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(Worker, cancellationToken)));
        var elapsed = Stopwatch.GetElapsedTime(phaseStarted);
        return new PhaseResult(count, elapsed, cpu.Stop(), latencies.Summarize(), new Dictionary<string, int>(errors));
    }
}
