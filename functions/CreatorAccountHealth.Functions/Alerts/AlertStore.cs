using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// An outbox entry: a creator whose account may hold alerts not yet on the queue (<see cref="Message"/> is set only on
/// entries written before accounts held their pending alerts: the alert itself).
/// </summary>
public sealed record OutboxMarker(string Id, string CreatorId, Instant QueuedAt, JsonElement? Message, string? ETag);

/// <summary>
/// Alerts in Cosmos DB. Which alerts may fire, and those decided but not yet queued, live in the creator's account
/// document (<see cref="AccountDocument.Alerts"/>), written with the event that decided them. Here: one
/// <c>alert:{alertId}</c> document per queued alert in the creator's partition (the record: message, publishedAt;
/// whether it was emailed is the notification ledger's), and in <c>alert-outbox</c> a marker per creator whose account may hold pending alerts, upserted before
/// the account write that adds them and partitioned by a shard of the creator id, so the republisher never fans out.
/// </summary>
public sealed class AlertStore(CosmosContainers containers)
{
    public const int OutboxShards = 16;
    private readonly Container creators = containers.Creators;
    private readonly Container outbox = containers.AlertOutbox;

    /// <summary>Upserted before an account write that adds pending alerts: the republisher looks there if we stop after it.</summary>
    public async Task MarkPendingAsync(string creatorId, Instant at, CancellationToken cancellationToken)
    {
        var shard = ShardOf(creatorId);
        await CosmosGuard.RunAsync(
            () => outbox.UpsertItemAsync(new OutboxEntry { Id = creatorId, Shard = shard, CreatorId = creatorId, QueuedAt = at }, new PartitionKey(shard), NoContent, cancellationToken),
            cancellationToken);
    }

    /// <summary>The account holds no pending alert any more: drop its marker unless it was written again since it was read.</summary>
    public async Task ClearMarkerAsync(OutboxMarker marker, CancellationToken cancellationToken)
    {
        try
        {
            await CosmosGuard.RunAsync(
                () => outbox.DeleteItemAsync<OutboxEntry>(marker.Id, new PartitionKey(ShardOf(marker.CreatorId)), new ItemRequestOptions { IfMatchEtag = marker.ETag }, cancellationToken),
                cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            // Gone already, or marked again for newer alerts: the next run looks again.
        }
    }

    /// <summary>The alert is on the queue: its record (create-if-absent; the email may have created it first).</summary>
    public Task RecordPublishedAsync(string creatorId, string alertId, JsonElement message, Instant at, CancellationToken cancellationToken) =>
        CreateIfAbsentAsync(
            creators,
            new AlertDocument { Id = DocumentId(alertId), CreatorId = creatorId, AlertId = alertId, CreatedAt = at, PublishedAt = at, Message = message },
            new PartitionKey(creatorId),
            cancellationToken);

    /// <summary>Markers of one outbox shard written before <paramref name="queuedBefore"/>: a single-partition query.</summary>
    public async Task<IReadOnlyList<OutboxMarker>> PendingAsync(int shard, Instant queuedBefore, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.shard = @shard AND c.queuedAt < @before")
            .WithParameter("@shard", CreatorShards.Key(shard))
            .WithParameter("@before", CosmosInstantConverter.Format(queuedBefore));
        var pending = new List<OutboxMarker>();
        await CosmosGuard.RunAsync(
            async () =>
            {
                using var iterator = outbox.GetItemQueryIterator<OutboxEntry>(
                    query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(CreatorShards.Key(shard)) });
                while (iterator.HasMoreResults)
                {
                    pending.AddRange((await iterator.ReadNextAsync(cancellationToken)).Select(e => new OutboxMarker(e.Id, e.CreatorId, e.QueuedAt, e.Message, e.ETag)));
                }

                return pending;
            },
            cancellationToken);
        return pending.OrderBy(p => p.QueuedAt).ToList();
    }

    /// <summary>
    /// Erasure: drops the creator's alerts not yet on the queue, so the republisher never sends them. Their shard is read
    /// whole (one single-partition query; it holds only unsent alerts) and filtered here: <c>creatorId</c> is not indexed.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task DeleteOutboxEntriesAsync(string creatorId, CancellationToken cancellationToken)
    {
        var shard = ShardOf(creatorId);
        var pending = await PendingAsync(CreatorShards.Of(creatorId, OutboxShards), Instant.MaxValue, cancellationToken);
        foreach (var entry in pending.Where(p => p.CreatorId == creatorId))
        {
            try
            {
                await CosmosGuard.RunAsync(
                    () => outbox.DeleteItemAsync<OutboxEntry>(entry.Id, new PartitionKey(shard), NoContent, cancellationToken),
                    cancellationToken);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                // Published meanwhile: the email sender finds no profile and sends nothing.
            }
        }
    }

    public static string ShardOf(string creatorId) => CreatorShards.Key(CreatorShards.Of(creatorId, OutboxShards));

    private static string DocumentId(string alertId) => "alert:" + alertId;

    private async Task<AlertDocument?> ReadAlertAsync(string creatorId, string alertId, CancellationToken cancellationToken) =>
        await CosmosGuard.ReadOrNullAsync<AlertDocument>(creators, DocumentId(alertId), new PartitionKey(creatorId), cancellationToken);

    /// <summary>Read, change, replace with the ETag; again on a concurrent change. <paramref name="change"/> returns null for "nothing to do".</summary>
    private Task UpdateAlertAsync(string creatorId, string alertId, Func<AlertDocument, AlertDocument?> change, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(
            $"Alert {alertId} of creator {creatorId}",
            async () =>
            {
                var current = await ReadAlertAsync(creatorId, alertId, cancellationToken)
                    ?? throw new InvalidOperationException($"Alert {alertId} of creator {creatorId} was never recorded.");
                if (change(current) is { } changed)
                {
                    await CosmosGuard.RunAsync(
                        () => creators.ReplaceItemAsync(changed with { ETag = null }, changed.Id, new PartitionKey(creatorId), new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken),
                        cancellationToken);
                }

                return ConcurrentRound<bool>.Done(true);
            },
            cancellationToken);

    private static async Task CreateIfAbsentAsync<T>(Container container, T document, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        try
        {
            await CosmosGuard.RunAsync(() => container.CreateItemAsync(document, partitionKey, NoContent, cancellationToken), cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private sealed record AlertDocument
    {
        public required string Id { get; init; }

        public required string CreatorId { get; init; }

        public string DocType { get; init; } = "alert";

        public required string AlertId { get; init; }

        public required Instant CreatedAt { get; init; }

        public Instant? PublishedAt { get; init; }

        public Instant? EmailedAt { get; init; }

        /// <summary>Null (absent) only for a record created by <see cref="MarkEmailedAsync"/> after the fact.</summary>
        public JsonElement? Message { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    private sealed record OutboxEntry
    {
        public required string Id { get; init; }

        public required string Shard { get; init; }

        public required string CreatorId { get; init; }

        public required Instant QueuedAt { get; init; }

        /// <summary>Only on entries from before accounts held pending alerts: the alert itself.</summary>
        public JsonElement? Message { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }
}
