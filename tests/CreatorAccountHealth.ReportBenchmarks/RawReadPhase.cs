using System.Diagnostics;
using System.Net;
using System.Text;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.ReportBenchmarks;

internal sealed record RawReadResult(int Creators, long Bytes, int Failed, TimeSpan Elapsed, double P50, double P99, string LoadAverage)
{
    public double PerSecond => Creators / Elapsed.TotalSeconds;

    public string Describe() =>
        $"Phase Q: {Creators:N0} raw point reads + creates in {Elapsed.TotalSeconds:N1} s = {PerSecond:N1} creators/s; p50 {P50:N1} ms, p99 {P99:N1} ms; " +
        $"{Bytes / Math.Max(1, Creators):N0} account bytes read per creator; failed {Failed}; load {LoadAverage}";
}

/// <summary>
/// Phase Q: the Cosmos DB work a report cannot do without, done raw: point-read the creator's account document and
/// create one report-sized document in <c>reports</c> (the size of the app's report documents, measured in Phase R), for
/// the same creators at the same concurrency, through a plain client on streams: no deserialising, no building, no
/// rendering, no claim, no email.
/// </summary>
internal sealed class RawReadPhase(Container creators, Container reports, int reportBytes, int concurrency)
{

    public async Task<RawReadResult> RunAsync(IReadOnlyList<string> creatorIds, CancellationToken cancellationToken)
    {
        var latencies = new Latencies();
        long bytes = 0;
        var failed = 0;
        var filler = new string('x', Math.Max(0, reportBytes - 120));
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            creatorIds,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (creatorId, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                using (var read = await creators.ReadItemStreamAsync(AccountDocument.DocumentId, new PartitionKey(creatorId), cancellationToken: ct))
                {
                    if (read.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    else
                    {
                        var buffer = new MemoryStream();
                        await read.Content.CopyToAsync(buffer, ct);
                        Interlocked.Add(ref bytes, buffer.Length);
                    }
                }

                var body = Encoding.UTF8.GetBytes($$"""{"id":"raw-{{Guid.NewGuid():N}}","creatorId":"{{creatorId}}","docType":"rawReport","body":"{{filler}}"}""");
                using (var created = await reports.CreateItemStreamAsync(new MemoryStream(body), new PartitionKey(creatorId), cancellationToken: ct))
                {
                    if (!created.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                    }
                }

                latencies.Add(Stopwatch.GetElapsedTime(started));
            });
        watch.Stop();
        return new RawReadResult(latencies.Count, bytes, failed, watch.Elapsed, latencies.Percentile(50), latencies.Percentile(99), Machine.LoadAverage());
    }
}
