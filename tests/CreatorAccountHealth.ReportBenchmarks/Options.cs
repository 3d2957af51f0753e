using System.Globalization;

namespace CreatorAccountHealth.ReportBenchmarks;

internal sealed record Options(
    int Creators, int Concurrency, int SeedConcurrency, int CreatorsPerPage, string? MarkdownPath, bool SharedCosmos, TimeSpan TimeLimit, TimeSpan WarmUp)
{
    public const string Usage = """
        Usage: dotnet run -c Release --project tests/CreatorAccountHealth.ReportBenchmarks -- [options]
          --creators N          synthetic creators to seed and report on (default 100000)
          --concurrency C       creators worked on at once in every phase (default 16)
          --seed-concurrency S  creators seeded at once (default 32)
          --page P              Reports__CreatorsPerMessage: creators per activity-index page (default 100)
          --warmup SECONDS      each phase warms up at least this long, and until the JIT has settled (default 5)
          --markdown PATH       also write the results table to PATH
          --shared-cosmos       reuse a Cosmos server already answering on $COSMOS_PORT (8081) instead of a private one
          --time-limit MINUTES  stop (exit 1) after this long (default 180)
        """;

    public static Options? Parse(string[] args)
    {
        var o = new Options(100_000, 16, 32, 100, null, false, TimeSpan.FromMinutes(180), TimeSpan.FromSeconds(5));
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Positive() => int.TryParse(Next(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v : throw new ArgumentException($"{args[i]} needs a positive whole number");
            try
            {
                o = args[i] switch
                {
                    "--creators" => o with { Creators = Positive() },
                    "--concurrency" => o with { Concurrency = Positive() },
                    "--seed-concurrency" => o with { SeedConcurrency = Positive() },
                    "--page" => o with { CreatorsPerPage = Positive() },
                    "--markdown" => o with { MarkdownPath = Next() },
                    "--warmup" => o with { WarmUp = TimeSpan.FromSeconds(Positive()) },
                    "--shared-cosmos" => o with { SharedCosmos = true },
                    "--time-limit" => o with { TimeLimit = TimeSpan.FromMinutes(Positive()) },
                    "-h" or "--help" => null,
                    _ => throw new ArgumentException($"Unknown option {args[i]}"),
                };
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                return null;
            }

            if (o is null)
            {
                return null;
            }
        }

        return o;
    }
}
