using System.Globalization;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>The command line: <c>--events N</c>, <c>--concurrency C</c>, <c>--warmup seconds</c>, <c>--markdown path</c>.</summary>
/// <param name="WarmUp">
/// How long each phase runs the same load before measuring (not counted): JIT tiering, connection pools, the server's
/// own warm-up. On a small, saturated machine the JIT needs seconds of load, far more than a few hundred requests.
/// </param>
/// <param name="HistoryRounds">Rounds of the history-cost probe (each: two webhooks and two standing reads).</param>
/// <param name="HistoryYears">Over how many years the heavy creator's 2,000 past events are spread. The creator
/// has "2,000 past events, most long expired": over 5 years about 415 fall inside the 379 days an account keeps and
/// ~110 still count; over 2 years (the earlier probe) ~1,040 and ~250, a creator with a violation every 8 hours.</param>
internal sealed record BenchmarkOptions(int Events, int Concurrency, TimeSpan WarmUp, string? MarkdownPath, int HistoryRounds = 200, int HistoryYears = 5)
{
    public const string Usage =
        "Usage: dotnet run -c Release --project tests/CreatorAccountHealth.Benchmarks -- [--events N] [--concurrency C] [--warmup seconds] [--history-rounds N] [--history-years N] [--markdown path]";

    /// <summary>Warm-up runs in batches of this many requests for at least <see cref="WarmUp"/> and until the JIT has settled (TestSupport's JitWarmUp).</summary>
    public const int WarmUpBatch = 200;

    /// <summary>How many creators the violations are spread over (the partition key).</summary>
    public const int Creators = 1000;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions(Events: 5000, Concurrency: 16, WarmUp: TimeSpan.FromSeconds(10), MarkdownPath: null);
        for (var i = 0; i < args.Count; i++)
        {
            options = args[i] switch
            {
                "--events" => options with { Events = Number(args, ref i, min: 1, max: 1_000_000) },
                "--concurrency" => options with { Concurrency = Number(args, ref i, min: 1, max: 1024) },
                "--warmup" => options with { WarmUp = TimeSpan.FromSeconds(Number(args, ref i, min: 0, max: 600)) },
                "--markdown" => options with { MarkdownPath = Value(args, ref i) },
                "--history-rounds" => options with { HistoryRounds = Number(args, ref i, min: 1, max: 100_000) },
                "--history-years" => options with { HistoryYears = Number(args, ref i, min: 1, max: 20) },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        return options;
    }

    private static int Number(IReadOnlyList<string> args, ref int i, int min, int max)
    {
        var name = args[i];
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} expects a whole number from {min} to {max:N0}, not '{text}'.");
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} expects a value.");
}
