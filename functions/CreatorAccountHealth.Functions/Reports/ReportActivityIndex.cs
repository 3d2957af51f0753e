using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>One page of a shard's active creators, and where the next page starts (null: the shard is done).</summary>
public sealed record ActivityPage(IReadOnlyList<string> CreatorIds, string? Continuation);

/// <summary>
/// Which creators had activity, and when last: the <c>report-activity</c> container, one small document per creator
/// (<c>id</c> = creator id) in one of <see cref="Shards"/> partitions. The webhook upserts it for each violation, overturn
/// and notice; a report run reads it shard by shard with single-partition queries, so finding the creators never needs
/// a cross-partition query over the creators container.
/// </summary>
public sealed class ReportActivityIndex(CosmosContainers containers)
{
    /// <summary>Fixed: a creator's shard is part of their entry's partition key, so changing it means re-indexing.</summary>
    public const int Shards = 32;

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private readonly Container container = containers.ReportActivity;

    public static int ShardOf(string creatorId) => CreatorShards.Of(creatorId, Shards);

    /// <summary>
    /// The <c>lastActivityAt</c> an event received at <paramref name="receivedAt"/> writes: the end of its UTC day. A run
    /// only asks "active since a date", so a later-rounded value errs towards including a creator, and every event of
    /// one day writes the same value: the account remembers it and the entry is written once a day at most.
    /// </summary>
    public static Instant EntryValueFor(Instant receivedAt) =>
        receivedAt.InUtc().Date.PlusDays(1).AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    /// <summary>One upsert, idempotent: the entry says "active at <paramref name="at"/>" (<see cref="EntryValueFor"/>).</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task RecordAsync(string creatorId, Instant at, CancellationToken cancellationToken)
    {
        var shard = CreatorShards.Key(ShardOf(creatorId));
        await CosmosGuard.RunAsync(
            () => container.UpsertItemAsync(new ActivityEntry(creatorId, shard, at), new PartitionKey(shard), NoContent, cancellationToken),
            cancellationToken);
    }

    /// <summary>Erasure: takes the creator out of the index (a point delete; already gone is fine).</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task RemoveAsync(string creatorId, CancellationToken cancellationToken)
    {
        try
        {
            await CosmosGuard.RunAsync(
                () => container.DeleteItemAsync<ActivityEntry>(creatorId, new PartitionKey(CreatorShards.Key(ShardOf(creatorId))), NoContent, cancellationToken),
                cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }

    /// <summary>
    /// One page of the shard's creators active since <paramref name="activeSince"/>: a single-partition query (the shard
    /// is in the filter too, which the local protocol server needs), continued from <paramref name="continuation"/>.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<ActivityPage> ReadPageAsync(int shard, Instant activeSince, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        var key = CreatorShards.Key(shard);
        var query = new QueryDefinition("SELECT c.id FROM c WHERE c.shard = @shard AND c.lastActivityAt >= @since")
            .WithParameter("@shard", key)
            .WithParameter("@since", CosmosInstantConverter.Format(activeSince));
        return await CosmosGuard.RunAsync(
            async () =>
            {
                using var iterator = container.GetItemQueryIterator<CreatorRef>(
                    query, continuation, new QueryRequestOptions { PartitionKey = new PartitionKey(key), MaxItemCount = pageSize });
                if (!iterator.HasMoreResults)
                {
                    return new ActivityPage([], null);
                }

                var page = await iterator.ReadNextAsync(cancellationToken);
                return new ActivityPage(page.Select(c => c.Id).ToList(), page.ContinuationToken);
            },
            cancellationToken);
    }

    private sealed record ActivityEntry(string Id, string Shard, Instant LastActivityAt);

    private sealed record CreatorRef(string Id);
}
