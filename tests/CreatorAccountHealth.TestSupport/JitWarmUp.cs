using System.Diagnostics;

namespace CreatorAccountHealth.TestSupport;

/// <summary>How a benchmark phase's warm-up went: batches run, how long, and the JIT's share of the last batch's time.</summary>
public sealed record WarmUpResult(int Batches, TimeSpan Elapsed, double JitShare)
{
    public bool Settled => JitShare <= JitWarmUp.SettledJitShare;

    public string Describe(string unit) =>
        $"{Batches:N0} batch(es) of {unit} in {Elapsed.TotalSeconds:0.0} s (JIT {JitShare:P1} of the last batch's time{(Settled ? "" : $", NOT settled within {JitWarmUp.MaxWarmUp.TotalSeconds:0} s")})";
}

/// <summary>
/// The benchmarks' warm-up rule (the webhook and report benchmarks both use it): run a
/// phase's own load in batches (not counted) for at least a minimum time and
/// until the JIT takes under <see cref="SettledJitShare"/> of a batch's wall time (or <see cref="MaxWarmUp"/> passed).
/// Tiered compilation keeps recompiling hot methods (instrumented, then optimized) for a while under load; on two busy
/// cores that takes seconds, and measuring before it settles measures the JIT, not the code.
/// </summary>
public static class JitWarmUp
{
    /// <summary>The warm-up goes on (up to <see cref="MaxWarmUp"/>) while the JIT takes more than this share of a batch's time.</summary>
    public const double SettledJitShare = 0.01;

    public static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(120);

    /// <param name="batch">Runs batch number n (0, 1, …) of the phase's load; each batch should use its own ids.</param>
    /// <param name="minimum">Warm up at least this long (at least one batch is run).</param>
    public static async Task<WarmUpResult> RunAsync(Func<int, CancellationToken, Task> batch, TimeSpan minimum, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var batches = 0;
        double jitShare;
        do
        {
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var batchStarted = Stopwatch.GetTimestamp();
            await batch(batches++, cancellationToken);
            jitShare = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore) / Stopwatch.GetElapsedTime(batchStarted);
        }
        while (Stopwatch.GetElapsedTime(started) < minimum
            || (jitShare > SettledJitShare && Stopwatch.GetElapsedTime(started) < MaxWarmUp));

        return new WarmUpResult(batches, Stopwatch.GetElapsedTime(started), jitShare);
    }
}
