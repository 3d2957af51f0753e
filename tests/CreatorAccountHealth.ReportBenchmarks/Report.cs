using System.Globalization;
using System.Text;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.ReportBenchmarks;

internal static class Report
{
    public static string Markdown(
        Options options, string cosmos, SeedResult seed, MigrationResult m, Warmups warmUps, ReportPhaseResult r, string operationsR, int reportBytes,
        RawReadResult q, FloorResult f, int emails, long emailBytes, PhaseCpu cpu)
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
        sb.AppendLine(c, $"| warm-up per phase, not counted (until the JIT took under {JitWarmUp.SettledJitShare:P0} of a batch) | R {warmUps.R.Describe($"{WarmUp.Batch} creators")}; Q {warmUps.Q.Describe($"{WarmUp.Batch} creators")}; F {warmUps.F.Describe($"{WarmUp.Batch} creators")} | |");
        sb.AppendLine(c, $"| Phase R: creators walked (index pages) | {r.CreatorIds.Count:N0} ({r.Pages:N0} pages) | |");
        sb.AppendLine(c, $"| Phase R: reports created / kept / none / failed | {r.Created:N0} / {r.Kept:N0} / {r.NoReport:N0} / {r.Failed:N0} | |");
        sb.AppendLine(c, $"| Phase R: emails sent (SendGrid stand-in requests, avg bytes) | {r.Emailed:N0} ({emails:N0}, {emailBytes / Math.Max(1, emails):N0}) | |");
        sb.AppendLine(c, $"| Phase R: Cosmos operations per creator (status), report document size | {operationsR}; {reportBytes:N0} bytes | |");
        sb.AppendLine(c, $"| **Phase R: creators/s** | **{r.CreatorsPerSecond:N1}** ({r.Elapsed.TotalSeconds:N1} s) | {r.LoadAverage} |");
        sb.AppendLine(c, $"| Phase R: per creator p50 / p99 | {r.P50:N1} ms / {r.P99:N1} ms | |");
        sb.AppendLine(c, $"| Phase R: index page read p50 | {r.PageReadP50:N1} ms | |");
        sb.AppendLine(c, $"| **Phase Q: raw point read + create, creators/s** | **{q.PerSecond:N1}** ({q.Elapsed.TotalSeconds:N1} s) | {q.LoadAverage} |");
        sb.AppendLine(c, $"| Phase Q: per creator p50 / p99 | {q.P50:N1} ms / {q.P99:N1} ms | |");
        sb.AppendLine(c, $"| Phase Q: account bytes per creator | {q.Bytes / Math.Max(1, q.Creators):N0} | |");
        sb.AppendLine(c, $"| **Phase F (floor): Phase R's Cosmos operations done raw, creators/s** | **{f.PerSecond:N1}** ({f.Elapsed.TotalSeconds:N1} s; {(double)f.Operations / Math.Max(1, f.Creators):0.00} operations per creator) | {f.LoadAverage} |");
        sb.AppendLine(c, $"| Phase F: per creator p50 / p99 | {f.P50:N1} ms / {f.P99:N1} ms | |");
        sb.AppendLine(c, $"| **ratio Phase R ÷ Phase Q (goal ≥ 0.5)** | **{ratio:N3}** | |");
        sb.AppendLine(c, $"| ratio Phase F ÷ Q: what the operation count allows (the app at zero CPU) | {f.PerSecond / q.PerSecond:N3} | |");
        sb.AppendLine(c, $"| ratio Phase R ÷ F: what the app's own CPU leaves of that | {r.CreatorsPerSecond / f.PerSecond:N3} | |");
        sb.AppendLine(c, $"| CPU per creator, Phase R (this process holds the app, the driver and the SendGrid stand-in) | {PhaseCpu.PerCreator(cpu.R, cpu.RCreators)} | |");
        sb.AppendLine(c, $"| CPU per creator, Phase Q | {PhaseCpu.PerCreator(cpu.Q, cpu.QCreators)} | |");
        sb.AppendLine(c, $"| CPU per creator, Phase F | {PhaseCpu.PerCreator(cpu.F, cpu.FCreators)} | |");
        sb.AppendLine(c, $"| **ratios by CPU per creator (this process + Cosmos server; steady under other load): R ÷ Q / F ÷ Q / R ÷ F** | **{cpu.CpuRatios.RToQ:N3}** / {cpu.CpuRatios.FToQ:N3} / {cpu.CpuRatios.RToF:N3} | |");
        sb.AppendLine(c, $"| Phase R time for 100,000 creators at this rate | {at100k.TotalMinutes:N1} min | |");
        sb.AppendLine();
        sb.AppendLine(c, $"Caveat: the local protocol server (@vercel/cosmosdb-server) keeps a container in one in-memory map; functions/devservers/cosmos.mjs indexes each partition's documents so a query reads only its partition (here {seed.Documents:N0} documents in the container); Azure serves a single-partition query from its index in time independent of the container's size. Compare runs at the same --creators only, and read the ratios, not the absolute rates, as the portable figures.");
        return sb.ToString();
    }
}
