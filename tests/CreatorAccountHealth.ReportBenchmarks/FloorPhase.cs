using System.Diagnostics;
using System.Net;
using System.Text;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.ReportBenchmarks;

internal sealed record FloorResult(int Creators, int Operations, int Failed, TimeSpan Elapsed, double P50, double P99, string LoadAverage)
{
    public double PerSecond => Creators / Elapsed.TotalSeconds;

    public string Describe() =>
        $"Phase F (floor): {Creators:N0} creators, the producer's {(double)Operations / Math.Max(1, Creators):0.00} Cosmos operations each done raw, in {Elapsed.TotalSeconds:N1} s = {PerSecond:N1} creators/s; " +
        $"p50 {P50:N1} ms, p99 {P99:N1} ms; failed {Failed}; load {LoadAverage}";
}

/// <summary>
/// Phase F, the floor: for each creator, the Cosmos DB operations the app's <c>WeeklyReportProducer</c> made for that
/// creator in Phase R (a first run: no report → ledger and account reads; opted out → no settle; else all five), in the
/// same order, on the same containers, documents of the same size (the reports' measured in Phase R), at the same
/// concurrency, through a plain client on streams: no deserialising, no building, no rendering, no email. It is what
/// Phase R would reach if the app cost no CPU of its own: F ÷ Q is what the operation count allows, R ÷ F what the app's
/// CPU takes of that. Phase R's counted operations are printed beside it; keep the two in step when the producer changes.
/// </summary>
internal sealed class FloorPhase(Container creators, Container reports, Instant cutoff, int reportBytes, int concurrency)
{
    public enum Route
    {
        NoReport,
        Suppressed,
        Emailed,
    }

    public async Task<FloorResult> RunAsync(IReadOnlyList<(string CreatorId, Route Route)> creatorIds, string runTag, CancellationToken cancellationToken)
    {
        var latencies = new Latencies();
        var failed = 0;
        var operations = 0;
        var filler = new string('x', Math.Max(0, reportBytes - 120));
        var emailKey = EmailKeys.WeeklyReport(cutoff) + "-" + runTag; // its own ledger ids: the app's records of the run stay as they are
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            creatorIds,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var (creatorId, path) = item;
                var started = Stopwatch.GetTimestamp();
                var key = new PartitionKey(creatorId);
                var ledgerId = NotificationLedger.DocumentId(emailKey);
                var ok = true;
                var ops = 0;

                // 1. The run's email record: not there yet (a first run).
                using (var record = await creators.ReadItemStreamAsync(ledgerId, key, cancellationToken: ct))
                {
                    ops++;
                    ok &= record.StatusCode == HttpStatusCode.NotFound;
                }

                // 2. The account, read whole.
                using (var account = await creators.ReadItemStreamAsync(AccountDocument.DocumentId, key, cancellationToken: ct))
                {
                    ops++;
                    ok &= account.StatusCode == HttpStatusCode.OK;
                    await account.Content.CopyToAsync(Stream.Null, ct);
                }

                if (path == Route.NoReport)
                {
                    Interlocked.Add(ref operations, ops);
                    latencies.Add(Stopwatch.GetElapsedTime(started));
                    return;
                }

                // 3. The report.
                var report = Encoding.UTF8.GetBytes($$"""{"id":"floor-{{runTag}}-{{Guid.NewGuid():N}}","creatorId":"{{creatorId}}","docType":"floorReport","body":"{{filler}}"}""");
                using (var created = await reports.CreateItemStreamAsync(new MemoryStream(report), key, cancellationToken: ct))
                {
                    ops++;
                    ok &= created.IsSuccessStatusCode;
                }

                // 4. The claim: the email's delivery record, created sending under a lease.
                string? etag;
                using (var claim = await creators.CreateItemStreamAsync(new MemoryStream(Ledger(ledgerId, creatorId, emailKey, "sending")), key, cancellationToken: ct))
                {
                    ops++;
                    ok &= claim.IsSuccessStatusCode;
                    etag = claim.Headers.ETag;
                }

                // 5. The settle: replaced with If-Match (an opted-out creator's record was created settled in 4).
                if (path == Route.Emailed)
                {
                    using var settle = await creators.ReplaceItemStreamAsync(
                        new MemoryStream(Ledger(ledgerId, creatorId, emailKey, "sent")), ledgerId, key, new ItemRequestOptions { IfMatchEtag = etag }, ct);
                    ops++;
                    ok &= settle.IsSuccessStatusCode;
                }

                Interlocked.Add(ref operations, ops);
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }

                latencies.Add(Stopwatch.GetElapsedTime(started));
            });
        watch.Stop();
        return new FloorResult(latencies.Count, operations, failed, watch.Elapsed, latencies.Percentile(50), latencies.Percentile(99), Machine.LoadAverage());
    }

    /// <summary>A delivery record of the ledger's size and shape.</summary>
    private static byte[] Ledger(string id, string creatorId, string key, string status) => Encoding.UTF8.GetBytes(
        $$"""{"id":"{{id}}","creatorId":"{{creatorId}}","docType":"emailDelivery","key":"{{key}}","kind":"weeklyReport","status":"{{status}}","attempts":1,"leaseOwner":"{{Guid.NewGuid():N}}","leaseUntil":"2026-12-05T06:00:00.0000000Z","updatedAt":"2026-12-05T05:55:00.0000000Z","sentAt":null,"suppression":null,"detail":null}""");
}
