using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>Where the figures were taken: without it the numbers mean little.</summary>
internal sealed record MachineFacts(int Cores, string Cpu, string Os, string Runtime, string Gc, string LoadAverage, string CosmosServer)
{
    /// <summary>Call before the run: the load average then tells whether something else was using the machine.</summary>
    public static MachineFacts Collect(string cosmosServer) => new(
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC ? "Server GC" : "Workstation GC",
        ReadLoadAverage(),
        cosmosServer);

    private static string ReadLoadAverage()
    {
        const string loadAvg = "/proc/loadavg";
        return File.Exists(loadAvg) ? string.Join(" ", File.ReadAllText(loadAvg).Split(' ').Take(3)) : "n/a";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?[(line.IndexOf(':') + 1)..].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}

/// <summary>The results as one Markdown table and a few lines around it: printed, and pasted into the README as is.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ToMarkdown(BenchmarkOptions options, MachineFacts machine, PhaseResult webhooks, PhaseResult rawWrites, IReadOnlyList<RoundTrips> roundTrips, HistoryCost history, IReadOnlyList<(string Key, double PerEvent)> phaseARequests)
    {
        var ratio = webhooks.PerSecond / rawWrites.PerSecond;
        string[] header = ["phase", "requests", "errors", "elapsed", "throughput", "p50", "p90", "p99", "max", "CPU/req driver", "CPU/req Cosmos"];
        string[][] rows =
        [
            Row("A: signed webhook, full path (202)", webhooks, "events/s"),
            Row("B: raw Cosmos DB CreateItemAsync", rawWrites, "writes/s"),
        ];

        var text = new StringBuilder();
        text.AppendLine("### Webhook ingestion vs raw Cosmos DB writes").AppendLine();
        AppendTable(text, header, rows, rightAligned: index => index > 0);
        text.AppendLine();
        text.AppendLine(Invariant, $"**Ratio:** webhook events/s ÷ raw writes/s = **{ratio:0.00}**: the full webhook path sustains {ratio * 100:0}% of the storage's raw write rate.");
        text.AppendLine();
        var webhookCpu = CpuPerRequest(webhooks);
        var writeCpu = CpuPerRequest(rawWrites);
        text.AppendLine(Invariant, $"**CPU per operation** (this process + the Cosmos DB server it started; less sensitive to other load than the rates): webhook {webhookCpu:0.00} ms, raw write {writeCpu:0.00} ms: a webhook costs as much CPU as {webhookCpu / writeCpu:0.0} raw writes (if CPU alone bounded both phases, the ratio would be {writeCpu / webhookCpu:0.00}).");
        text.AppendLine();
        text.AppendLine(Invariant, $"Cosmos DB document requests per webhook during phase A, by method and status (the alert emails the webhooks queued, sent by the app in the same process, included): {string.Join(", ", phaseARequests.Select(r => $"{r.Key} {r.PerEvent:0.00}"))}.");
        text.AppendLine();
        text.AppendLine("Cosmos DB round trips per webhook (one at a time, creators with an account and today's activity entry; counted by a request handler in the app's client):").AppendLine();
        AppendTable(
            text,
            ["event", "webhooks", "round trips (avg)", "min", "max", "queries", "requests (last)"],
            roundTrips.Select(r => new[] { r.Kind, r.Samples.ToString(Invariant), r.Average.ToString("0.0", Invariant), r.Min.ToString(Invariant), r.Max.ToString(Invariant), r.Queries.ToString(Invariant), r.Sequence }).ToArray(),
            rightAligned: index => index is > 0 and < 6);
        text.AppendLine();
        text.AppendLine(Invariant, $"History cost ({history.Rounds} interleaved rounds, medians): a creator with {history.PastEvents:N0} past events spread over {history.Years} years vs one with a single event. Webhook {history.WebhookHeavy:0.00} ms vs {history.WebhookLight:0.00} ms, **ratio {history.WebhookRatio:0.00}**; standing {history.StandingHeavy:0.00} ms vs {history.StandingLight:0.00} ms, **ratio {history.StandingRatio:0.00}** (goal ≤ 1.5).");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Load: N = {options.Events:N0} per phase, C = {options.Concurrency} concurrent workers (closed loop), violations spread over {BenchmarkOptions.Creators:N0} creators and every catalog policy; each phase first warmed up for at least {options.WarmUp.TotalSeconds:0} s and until the JIT took under {BenchmarkOptions.SettledJitShare:P0} of a batch's time ({webhooks.WarmUpRequests:N0} requests in {webhooks.WarmUpTime.TotalSeconds:0} s and {rawWrites.WarmUpRequests:N0} in {rawWrites.WarmUpTime.TotalSeconds:0} s, not counted).");
        text.AppendLine("- A: the local runtime (Kestrel, in the driver's process) over loopback HTTP/1.1; body, timestamp and HMAC signature made per request. B: the same documents, client settings and request options as the app's store, same server, its own database.");
        text.AppendLine("- Latency: per request as the client sees it; throughput: N ÷ the phase's wall-clock time. CPU/req: CPU time per request of the driver's process (load generator, plus the app in A) and of the Cosmos DB server it started.");
        text.AppendLine(Invariant, $"- Cores busy on average (of {machine.Cores}), A: {Cores(webhooks)}; B: {Cores(rawWrites)}. Everything shares these cores, so \"other\" well above 0 means something else skewed the run.");
        text.AppendLine(Invariant, $"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Os}, {machine.Runtime}, {machine.Gc}; load average before the run {machine.LoadAverage}.");
        text.AppendLine(Invariant, $"- Cosmos DB: {machine.CosmosServer}.");
        return text.ToString();
    }

    private static double CpuPerRequest(PhaseResult r) => (r.Cpu.Driver + r.Cpu.Children).TotalMilliseconds / r.Count;

    /// <summary>Any errors by kind, for the console; empty when there were none.</summary>
    public static string Errors(string phase, PhaseResult result) =>
        string.Concat(result.Errors.OrderByDescending(e => e.Value).Select(e => $"{phase}: {e.Value:N0} × {e.Key}{Environment.NewLine}"));

    private static string[] Row(string name, PhaseResult r, string unit) =>
    [
        name,
        r.Count.ToString("N0", Invariant),
        r.ErrorCount.ToString("N0", Invariant),
        r.Elapsed.TotalSeconds.ToString("0.00", Invariant) + " s",
        r.PerSecond.ToString("N0", Invariant) + " " + unit,
        Ms(r.Latency.P50),
        Ms(r.Latency.P90),
        Ms(r.Latency.P99),
        Ms(r.Latency.Max),
        Ms(r.Cpu.Driver.TotalMilliseconds / r.Count, "0.00"),
        r.Cpu.Children > TimeSpan.Zero ? Ms(r.Cpu.Children.TotalMilliseconds / r.Count, "0.00") : "n/a",
    ];

    private static string Cores(PhaseResult r)
    {
        string Of(TimeSpan cpu) => (cpu / r.Elapsed).ToString("0.00", Invariant);
        return r.Cpu.Machine > TimeSpan.Zero
            ? $"machine {Of(r.Cpu.Machine)} = driver {Of(r.Cpu.Driver)} + Cosmos DB server {Of(r.Cpu.Children)} + other {Of(r.Cpu.Other)}"
            : $"driver {Of(r.Cpu.Driver)} (no /proc: machine-wide figures unknown)";
    }

    private static string Ms(double milliseconds, string format = "0.0") => milliseconds.ToString(format, Invariant) + " ms";

    /// <summary>Cells padded to their column's width, so the Markdown also reads as a table on a console.</summary>
    private static void AppendTable(StringBuilder text, string[] header, string[][] rows, Func<int, bool> rightAligned)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Append(3).Max()).ToArray();
        string Line(IEnumerable<string> cells) => "| " + string.Join(" | ", cells) + " |";
        string Pad(string cell, int i) => rightAligned(i) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]);

        text.AppendLine(Line(header.Select(Pad)));
        text.AppendLine(Line(widths.Select((w, i) => rightAligned(i) ? new string('-', w - 1) + ":" : new string('-', w))));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row.Select(Pad)));
        }
    }
}
