using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using CreatorAccountHealth.TestSupport;

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

/// <summary>
/// Phase A's intake measured apart from what shares its process: <see cref="Held"/> the same load with the alert emails
/// held on their queue, <see cref="Emails"/> those emails delivered afterwards, <see cref="Quiet"/> violations that fire
/// no alert, and the floor probe (<see cref="BadSignature"/>, <see cref="RawStorage"/>, both in turn <see cref="Floor"/>).
/// </summary>
internal sealed record IntakeBreakdown(
    PhaseResult Held,
    IReadOnlyList<(string Key, double PerEvent)> HeldRequests,
    PhaseResult Emails,
    IReadOnlyList<(string Key, double PerEvent)> EmailRequests,
    PhaseResult Quiet,
    IReadOnlyList<(string Key, double PerEvent)> QuietRequests,
    PhaseResult BadSignature,
    PhaseResult RawStorage,
    PhaseResult Floor,
    int AccountBytes)
{
    public IEnumerable<(string Name, PhaseResult Result)> Phases =>
        [("Phase A'", Held), ("Phase Q", Quiet), ("Floor F1", BadSignature), ("Floor F2", RawStorage), ("Floor F3", Floor)];
}

/// <summary>The results as one Markdown table and a few lines around it: printed, and pasted into the README as is.</summary>
internal static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string ToMarkdown(BenchmarkOptions options, MachineFacts machine, PhaseResult webhooks, PhaseResult rawWrites, IReadOnlyList<RoundTrips> roundTrips, HistoryCost history, IReadOnlyList<(string Key, double PerEvent)> phaseARequests, IntakeBreakdown apart)
    {
        var ratio = webhooks.PerSecond / rawWrites.PerSecond;
        string[] header = ["phase", "requests", "errors", "elapsed", "throughput", "p50", "p90", "p99", "max", "CPU/req driver", "CPU/req Cosmos"];
        string[][] rows =
        [
            Row("A: signed webhook, full path (202), alert emails sent meanwhile", webhooks, "events/s"),
            Row("A': the same load, alert emails held on their queue", apart.Held, "events/s"),
            Row("E: the alert emails A' queued, delivered after it", apart.Emails, "emails/s"),
            Row("Q: violations firing no alert (3 round trips)", apart.Quiet, "events/s"),
            Row("F1: bad signature, 401 (runtime, pipeline, HMAC)", apart.BadSignature, "requests/s"),
            Row("F2: raw read + create + If-Match replace", apart.RawStorage, "ops/s"),
            Row("F3: floor webhook = F1 then F2", apart.Floor, "ops/s"),
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
        AppendIntakeApart(text, webhooks, rawWrites, apart);
        text.AppendLine(Invariant, $"Cosmos DB document requests per webhook during phase A, by method and status (the alert emails the webhooks queued, sent by the app in the same process, included): {string.Join(", ", phaseARequests.Select(r => $"{r.Key} {r.PerEvent:0.00}"))}.");
        text.AppendLine();
        text.AppendLine("Cosmos DB round trips per webhook (one at a time, creators with an account and today's activity entry; counted by a request handler in the app's client, the alert emails held on their queue meanwhile so only the webhook's own requests count):").AppendLine();
        AppendTable(
            text,
            ["event", "webhooks", "round trips (avg)", "min", "max", "queries", "requests (last)"],
            roundTrips.Select(r => new[] { r.Kind, r.Samples.ToString(Invariant), r.Average.ToString("0.0", Invariant), r.Min.ToString(Invariant), r.Max.ToString(Invariant), r.Queries.ToString(Invariant), r.Sequence }).ToArray(),
            rightAligned: index => index is > 0 and < 6);
        text.AppendLine();
        text.AppendLine(Invariant, $"History cost ({history.Rounds} interleaved rounds, medians): a creator with {history.PastEvents:N0} past events spread over {history.Years} years vs one with a single event. Webhook {history.WebhookHeavy:0.00} ms vs {history.WebhookLight:0.00} ms, **ratio {history.WebhookRatio:0.00}**; standing {history.StandingHeavy:0.00} ms vs {history.StandingLight:0.00} ms, **ratio {history.StandingRatio:0.00}** (goal ≤ 1.5).");
        text.AppendLine();
        text.AppendLine(Invariant, $"- Load: N = {options.Events:N0} per phase, C = {options.Concurrency} concurrent workers (closed loop), violations spread over {BenchmarkOptions.Creators:N0} creators and every catalog policy; each phase first warmed up for at least {options.WarmUp.TotalSeconds:0} s and until the JIT took under {JitWarmUp.SettledJitShare:P0} of a batch's time ({webhooks.WarmUpRequests:N0} requests in {webhooks.WarmUpTime.TotalSeconds:0} s and {rawWrites.WarmUpRequests:N0} in {rawWrites.WarmUpTime.TotalSeconds:0} s, not counted).");
        text.AppendLine("- A: the local runtime (Kestrel, in the driver's process) over loopback HTTP/1.1; body, timestamp and HMAC signature made per request. B: the same documents, client settings and request options as the app's store, same server, its own database.");
        text.AppendLine(Invariant, $"- A': after as many requests as phase A's warm-up on creators of its own (so they are in phase A's state), the measured run with the in-process queue's receiving disabled for the alert queue; E: receiving enabled, timed until the queue is empty (no latencies: messages are not requests). Q: one 1-point violation for each of {apart.Quiet.Count:N0} creators after a seed pass that gave each its account. F1–F3: no minimum warm-up (the JIT is warm), each until the JIT settled; F2 and F3 against phase B's database.");
        text.AppendLine("- Latency: per request as the client sees it; throughput: N ÷ the phase's wall-clock time. CPU/req: CPU time per request of the driver's process (load generator, plus the app in A) and of the Cosmos DB server it started.");
        text.AppendLine(Invariant, $"- Cores busy on average (of {machine.Cores}), A: {Cores(webhooks)}; B: {Cores(rawWrites)}. Everything shares these cores, so \"other\" well above 0 means something else skewed the run.");
        text.AppendLine(Invariant, $"- Machine: {machine.Cores} cores ({machine.Cpu}), {machine.Os}, {machine.Runtime}, {machine.Gc}; load average before the run {machine.LoadAverage}.");
        text.AppendLine(Invariant, $"- Cosmos DB: {machine.CosmosServer}.");
        return text.ToString();
    }

    /// <summary>CPU time per operation of this process and the Cosmos DB server it started.</summary>
    public static double CpuPerRequest(PhaseResult r) => (r.Cpu.Driver + r.Cpu.Children).TotalMilliseconds / r.Count;

    private static void AppendIntakeApart(StringBuilder text, PhaseResult webhooks, PhaseResult rawWrites, IntakeBreakdown apart)
    {
        double Ratio(PhaseResult r) => r.PerSecond / rawWrites.PerSecond;
        string Cpu(PhaseResult r) => CpuPerRequest(r).ToString("0.00", Invariant) + " ms";
        string Requests(IEnumerable<(string Key, double PerEvent)> requests) => string.Join(", ", requests.Select(r => $"{r.Key} {r.PerEvent:0.00}"));
        var events = apart.Held.Count;
        var heldThenEmails = events / (apart.Held.Elapsed + apart.Emails.Elapsed).TotalSeconds;
        var writeCpu = CpuPerRequest(rawWrites);
        text.AppendLine("**Intake apart from what shares its process** (each rate ÷ phase B's raw writes/s; CPU per operation, this process + the Cosmos DB server):").AppendLine();
        text.AppendLine(Invariant, $"- A, today's figure, the alert emails sent meanwhile by the same process: **{Ratio(webhooks):0.00}**, CPU {Cpu(webhooks)} per webhook.");
        text.AppendLine(Invariant, $"- A', the same load with the alert emails held on their queue (in Azure a Service Bus function that scales on its own): **{Ratio(apart.Held):0.00}**, CPU {Cpu(apart.Held)} per webhook; Cosmos DB requests per webhook: {Requests(apart.HeldRequests)}.");
        text.AppendLine(Invariant, $"- E, those {apart.Emails.Count:N0} alert emails ({apart.Emails.Count / (double)events:0.00} per webhook) delivered afterwards: {apart.Emails.PerSecond:N0} emails/s at the function's own concurrency, CPU {Cpu(apart.Emails)} per email; Cosmos DB requests per email: {Requests(apart.EmailRequests)}. A' and then E, all the work of {events:N0} webhooks one after the other: {heldThenEmails:N0} events/s, **{heldThenEmails / rawWrites.PerSecond:0.00}**.");
        text.AppendLine(Invariant, $"- Q, violations that fire no alert (one 1-point violation per creator that already has an account): **{Ratio(apart.Quiet):0.00}**, CPU {Cpu(apart.Quiet)} per webhook; Cosmos DB requests per webhook: {Requests(apart.QuietRequests)}.");
        text.AppendLine(Invariant, $"- Floor: F1 {Cpu(apart.BadSignature)} per 401, F2 {Cpu(apart.RawStorage)} per read + create + replace of a {apart.AccountBytes:N0}-byte account, F3 (both in turn, the cheapest conceivable webhook with 3 round trips here) {Cpu(apart.Floor)}: **{Ratio(apart.Floor):0.000}** (by CPU alone {writeCpu / CpuPerRequest(apart.Floor):0.000}). {FloorVerdict(writeCpu, CpuPerRequest(apart.Floor), CpuPerRequest(apart.Quiet))}");
        text.AppendLine();
    }

    /// <summary>What the goal leaves for the app's own work once the floor is paid, by CPU (the rates follow it here).</summary>
    private static string FloorVerdict(double rawWriteCpu, double floorCpu, double quietCpu)
    {
        var allowed = rawWriteCpu / IntakeGoal;
        return string.Create(
            Invariant,
            $"For {IntakeGoal:0.0} by CPU a webhook may cost at most {allowed:0.00} ms; the floor alone takes {floorCpu:0.00} ms, leaving {allowed - floorCpu:0.00} ms for the app's own work (JSON, the decision, two typed documents), which costs {quietCpu - floorCpu:0.00} ms on the no-alert path Q.");
    }

    private const double IntakeGoal = 0.3;

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

    private static string Ms(double milliseconds, string format = "0.0") => double.IsNaN(milliseconds) ? "—" : milliseconds.ToString(format, Invariant) + " ms";

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
