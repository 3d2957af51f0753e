namespace CreatorAccountHealth.ReportBenchmarks;

/// <summary>Per-item latencies in milliseconds, recorded from many tasks.</summary>
internal sealed class Latencies
{
    private readonly List<double> values = [];

    public void Add(TimeSpan elapsed)
    {
        lock (values)
        {
            values.Add(elapsed.TotalMilliseconds);
        }
    }

    public int Count => values.Count;

    public double Percentile(double p)
    {
        lock (values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            values.Sort();
            var rank = (int)Math.Ceiling(p / 100 * values.Count) - 1;
            return values[Math.Clamp(rank, 0, values.Count - 1)];
        }
    }
}
