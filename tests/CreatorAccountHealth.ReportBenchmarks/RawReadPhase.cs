using System.Diagnostics;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.ReportBenchmarks;

internal sealed record RawReadResult(int Reads, long Documents, long Bytes, int Failed, TimeSpan Elapsed, double P50, double P99, string LoadAverage)
{
    public double ReadsPerSecond => Reads / Elapsed.TotalSeconds;

    public string Describe() =>
        $"Phase Q: {Reads:N0} history queries in {Elapsed.TotalSeconds:N1} s = {ReadsPerSecond:N1} reads/s; p50 {P50:N1} ms, p99 {P99:N1} ms; " +
        $"{(double)Documents / Math.Max(1, Reads):N2} documents and {Bytes / Math.Max(1, Reads):N0} bytes per creator; failed {Failed}; load {LoadAverage}";
}

/// <summary>
/// Phase Q: only the Cosmos DB read a report cannot do without, the creator's single-partition history query (the very
/// query text CosmosCreatorStore.LoadHistoryAsync sends), for the same creators at the same concurrency, through a
/// plain client reading the response streams: no deserialising, no building, no writes, no email.
/// </summary>
internal sealed class RawReadPhase(Container creators, int concurrency)
{
    public async Task<RawReadResult> RunAsync(IReadOnlyList<string> creatorIds, CancellationToken cancellationToken)
    {
        var latencies = new Latencies();
        long documents = 0, bytes = 0;
        var failed = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            creatorIds,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (creatorId, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var query = new QueryDefinition("SELECT * FROM c WHERE c.creatorId = @creatorId AND c.docType IN (@violation, @overturn, @notice, @profile)")
                    .WithParameter("@creatorId", creatorId)
                    .WithParameter("@violation", DocTypes.Violation)
                    .WithParameter("@overturn", DocTypes.Overturn)
                    .WithParameter("@notice", DocTypes.Notice)
                    .WithParameter("@profile", DocTypes.Profile);
                using var iterator = creators.GetItemQueryStreamIterator(
                    query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(creatorId) });
                while (iterator.HasMoreResults)
                {
                    using var response = await iterator.ReadNextAsync(ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref failed);
                        break;
                    }

                    var buffer = new MemoryStream();
                    await response.Content.CopyToAsync(buffer, ct);
                    Interlocked.Add(ref bytes, buffer.Length);
                    if (int.TryParse(response.Headers["x-ms-item-count"], out var count))
                    {
                        Interlocked.Add(ref documents, count);
                    }
                }

                latencies.Add(Stopwatch.GetElapsedTime(started));
            });
        watch.Stop();
        return new RawReadResult(latencies.Count, documents, bytes, failed, watch.Elapsed, latencies.Percentile(50), latencies.Percentile(99), Machine.LoadAverage());
    }
}
