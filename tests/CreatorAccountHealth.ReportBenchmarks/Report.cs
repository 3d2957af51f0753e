using System.Globalization;
using System.Text;

namespace CreatorAccountHealth.ReportBenchmarks;

internal static class Report
{
    public static string Markdown(
        Options options, string cosmos, SeedResult seed, MigrationResult m, ReportPhaseResult r, RawReadResult q, int emails, long emailBytes, TimeSpan cpuR, TimeSpan cpuQ)
    {
        var c = CultureInfo.InvariantCulture;
        var ratio = r.CreatorsPerSecond / q.PerSecond;
        var at100k = TimeSpan.FromSeconds(100_000 / r.CreatorsPerSecond);
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Weekly report benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {seed.Creators:N0} creators, concurrency {options.Concurrency}, page {options.CreatorsPerPage}, {Environment.ProcessorCount} cores; Cosmos: {cosmos}. Local protocol-server figures, not Azure.");
        sb.AppendLine();
        sb.AppendLine("| measure | value | load avg (1/5/15 min) at end |");
        sb.AppendLine("| --- | --- | --- |");
        sb.AppendLine(c, $"| seeding: creators / documents written (incl. index entries) | {seed.Creators:N0} / {seed.Documents:N0} ({seed.Violations:N0} violations, {seed.ViolationsThisWeek:N0} in the week; {seed.Notices:N0} notices) | |");
        sb.AppendLine(c, $"| seeding time / write rate | {seed.Elapsed.TotalSeconds:N1} s / {seed.DocumentsPerSecond:N0} docs/s | {seed.LoadAverage} |");
        sb.AppendLine(c, $"| migration: accounts rebuilt from the seeded events (first touch of data from before accounts) | {m.Creators:N0} in {m.Elapsed.TotalSeconds:N1} s = {m.Creators / m.Elapsed.TotalSeconds:N0}/s | {m.LoadAverage} |");
        sb.AppendLine(c, $"| Phase R: creators walked (index pages) | {r.CreatorIds.Count:N0} ({r.Pages:N0} pages) | |");
        sb.AppendLine(c, $"| Phase R: reports created / kept / none / failed | {r.Created:N0} / {r.Kept:N0} / {r.NoReport:N0} / {r.Failed:N0} | |");
        sb.AppendLine(c, $"| Phase R: emails sent (SendGrid stand-in requests, avg bytes) | {r.Emailed:N0} ({emails:N0}, {emailBytes / Math.Max(1, emails):N0}) | |");
        sb.AppendLine(c, $"| **Phase R: creators/s** | **{r.CreatorsPerSecond:N1}** ({r.Elapsed.TotalSeconds:N1} s) | {r.LoadAverage} |");
        sb.AppendLine(c, $"| Phase R: per creator p50 / p99 | {r.P50:N1} ms / {r.P99:N1} ms | |");
        sb.AppendLine(c, $"| Phase R: index page read p50 | {r.PageReadP50:N1} ms | |");
        sb.AppendLine(c, $"| **Phase Q: raw point read + create, creators/s** | **{q.PerSecond:N1}** ({q.Elapsed.TotalSeconds:N1} s) | {q.LoadAverage} |");
        sb.AppendLine(c, $"| Phase Q: per creator p50 / p99 | {q.P50:N1} ms / {q.P99:N1} ms | |");
        sb.AppendLine(c, $"| Phase Q: account bytes per creator | {q.Bytes / Math.Max(1, q.Creators):N0} | |");
        sb.AppendLine(c, $"| **ratio Phase R ÷ Phase Q (goal ≥ 0.5)** | **{ratio:N3}** | |");
        sb.AppendLine(c, $"| CPU of this process per creator, Phase R / Phase Q (the Cosmos DB server's not included) | {cpuR.TotalMilliseconds / Math.Max(1, r.CreatorIds.Count):N2} ms / {cpuQ.TotalMilliseconds / Math.Max(1, q.Creators):N2} ms | |");
        sb.AppendLine(c, $"| Phase R time for 100,000 creators at this rate | {at100k.TotalMinutes:N1} min | |");
        sb.AppendLine();
        sb.AppendLine(c, $"Caveat: the local protocol server (@vercel/cosmosdb-server) keeps a container in one in-memory map; functions/devservers/cosmos.mjs indexes each partition's documents so a query reads only its partition (here {seed.Documents:N0} documents in the container); Azure serves a single-partition query from its index in time independent of the container's size. Compare runs at the same --creators only, and read the ratio, not the absolute rates, as the portable figure.");
        return sb.ToString();
    }
}
