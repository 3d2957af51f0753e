namespace CreatorAccountHealth.Benchmarks;

/// <summary>Latency percentiles of one phase, in milliseconds.</summary>
internal sealed record LatencySummary(double P50, double P90, double P99, double Max);

/// <summary>
/// Keeps every latency of a phase and sorts them once at the end: N is small enough that exact percentiles cost
/// nothing, and recording is one interlocked increment (no lock on the hot path).
/// </summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly long[] ticks = new long[capacity];
    private int count;

    public void Record(TimeSpan elapsed) => ticks[Interlocked.Increment(ref count) - 1] = elapsed.Ticks;

    public LatencySummary Summarize()
    {
        var sorted = ticks.AsSpan(0, Volatile.Read(ref count)).ToArray();
        Array.Sort(sorted);
        return new LatencySummary(Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), Percentile(sorted, 100));
    }

    /// <summary>Nearest rank: the smallest latency at or above which <paramref name="percent"/>% of requests fall.</summary>
    private static double Percentile(long[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return TimeSpan.FromTicks(sorted[Math.Clamp(rank, 1, sorted.Length) - 1]).TotalMilliseconds;
    }
}
