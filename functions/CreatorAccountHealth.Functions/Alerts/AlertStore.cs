using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>A creator's alert memory with the ETag it was read at (null when never written).</summary>
public sealed record StoredAlertState(AlertState State, IReadOnlySet<string> EvaluatedViolationIds, string? ETag);

/// <summary>An alert waiting for the queue.</summary>
public sealed record PendingAlert(string AlertId, string CreatorId, Instant QueuedAt, JsonElement Message);

/// <summary>
/// Alerts in Cosmos DB. In the creator's partition: <c>alert-state</c> (which alerts may fire; ETag-guarded) and one
/// <c>alert:{alertId}</c> document per alert (the record: message, publishedAt, emailedAt). In <c>alert-outbox</c>: an
/// entry per alert not yet on the queue, partitioned by a shard of the creator id so the republisher never fans out.
/// </summary>
public sealed class AlertStore(CosmosContainers containers) : IAlertDeliveryLog
{
    public const int OutboxShards = 16;
    private const string StateId = "alert-state";

    /// <summary>How many evaluated violation ids the state remembers (to tell a retried webhook from a new one).</summary>
    private const int RememberedViolations = 200;

    private readonly Container creators = containers.Creators;
    private readonly Container outbox = containers.AlertOutbox;

    public async Task<StoredAlertState> ReadStateAsync(string creatorId, CancellationToken cancellationToken)
    {
        var document = await CosmosGuard.ReadOrNullAsync(
            () => creators.ReadItemAsync<AlertStateDocument>(StateId, new PartitionKey(creatorId), cancellationToken: cancellationToken),
            cancellationToken);
        return document is null
            ? new StoredAlertState(AlertState.Initial, new HashSet<string>(), null)
            : new StoredAlertState(
                new AlertState(document.Entries.Select(e => new AlertArming(e.MilestoneKey, e.Kind, e.Armed, e.Episodes)).ToList()),
                document.EvaluatedViolationIds.ToHashSet(StringComparer.Ordinal),
                document.ETag);
    }

    /// <summary>Writes the state if nobody else did since it was read; false when someone did (decide again).</summary>
    public async Task<bool> TrySaveStateAsync(string creatorId, AlertState state, IEnumerable<string> evaluatedViolationIds, string? etag, CancellationToken cancellationToken)
    {
        var document = new AlertStateDocument
        {
            Id = StateId,
            CreatorId = creatorId,
            Entries = state.Entries.Select(e => new AlertArmingEntry(e.MilestoneKey, e.Kind, e.Armed, e.Episodes)).ToList(),
            EvaluatedViolationIds = evaluatedViolationIds.TakeLast(RememberedViolations).ToList(),
        };
        try
        {
            await CosmosGuard.RunAsync(
                () => etag is null
                    ? creators.CreateItemAsync(document, new PartitionKey(creatorId), NoContent, cancellationToken)
                    : creators.ReplaceItemAsync(document, StateId, new PartitionKey(creatorId), new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken),
                cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>
    /// Records an alert before it goes to the queue: first the outbox entry (so nothing is lost if we stop here), then
    /// the alert document. Both are create-if-absent: recording the same alert twice changes nothing.
    /// </summary>
    public async Task RecordAsync(AlertMessage message, Instant at, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToElement(message, AppJson.Options);
        await CreateIfAbsentAsync(
            outbox,
            new OutboxEntry { Id = message.AlertId, Shard = ShardOf(message.CreatorId), CreatorId = message.CreatorId, QueuedAt = at, Message = body },
            new PartitionKey(ShardOf(message.CreatorId)),
            cancellationToken);
        await CreateIfAbsentAsync(
            creators,
            new AlertDocument { Id = DocumentId(message.AlertId), CreatorId = message.CreatorId, AlertId = message.AlertId, CreatedAt = at, Message = body },
            new PartitionKey(message.CreatorId),
            cancellationToken);
    }

    /// <summary>The message is on the queue: stamp the alert and drop the outbox entry.</summary>
    public async Task MarkPublishedAsync(string creatorId, string alertId, Instant at, CancellationToken cancellationToken)
    {
        await UpdateAlertAsync(creatorId, alertId, a => a.PublishedAt is null ? a with { PublishedAt = at } : null, cancellationToken);
        try
        {
            await CosmosGuard.RunAsync(
                () => outbox.DeleteItemAsync<OutboxEntry>(alertId, new PartitionKey(ShardOf(creatorId)), cancellationToken: cancellationToken),
                cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Another instance published it too; duplicate detection dropped one of the two messages.
        }
    }

    public async Task<bool> WasEmailedAsync(string creatorId, string alertId, CancellationToken cancellationToken) =>
        (await ReadAlertAsync(creatorId, alertId, cancellationToken))?.EmailedAt is not null;

    public async Task MarkEmailedAsync(string creatorId, string alertId, Instant at, CancellationToken cancellationToken)
    {
        // The record can only be missing if we stopped between the outbox entry and the record, and the republisher
        // sent the entry: keep the mark anyway, it is what stops a second email.
        await CreateIfAbsentAsync(
            creators,
            new AlertDocument { Id = DocumentId(alertId), CreatorId = creatorId, AlertId = alertId, CreatedAt = at },
            new PartitionKey(creatorId),
            cancellationToken);
        await UpdateAlertAsync(creatorId, alertId, a => a.EmailedAt is null ? a with { EmailedAt = at } : null, cancellationToken);
    }

    /// <summary>Entries of one outbox shard queued before <paramref name="queuedBefore"/>: a single-partition query.</summary>
    public async Task<IReadOnlyList<PendingAlert>> PendingAsync(int shard, Instant queuedBefore, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.shard = @shard AND c.queuedAt < @before")
            .WithParameter("@shard", CreatorShards.Key(shard))
            .WithParameter("@before", CosmosInstantConverter.Format(queuedBefore));
        var pending = new List<PendingAlert>();
        await CosmosGuard.RunAsync(
            async () =>
            {
                using var iterator = outbox.GetItemQueryIterator<OutboxEntry>(
                    query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(CreatorShards.Key(shard)) });
                while (iterator.HasMoreResults)
                {
                    pending.AddRange((await iterator.ReadNextAsync(cancellationToken)).Select(e => new PendingAlert(e.Id, e.CreatorId, e.QueuedAt, e.Message)));
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
                    () => outbox.DeleteItemAsync<OutboxEntry>(entry.AlertId, new PartitionKey(shard), NoContent, cancellationToken),
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
        await CosmosGuard.ReadOrNullAsync(
            () => creators.ReadItemAsync<AlertDocument>(DocumentId(alertId), new PartitionKey(creatorId), cancellationToken: cancellationToken),
            cancellationToken);

    /// <summary>Read, change, replace with the ETag; again on a concurrent change. <paramref name="change"/> returns null for "nothing to do".</summary>
    private async Task UpdateAlertAsync(string creatorId, string alertId, Func<AlertDocument, AlertDocument?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await ReadAlertAsync(creatorId, alertId, cancellationToken)
                ?? throw new InvalidOperationException($"Alert {alertId} of creator {creatorId} was never recorded.");
            if (change(current) is not { } changed)
            {
                return;
            }

            try
            {
                await CosmosGuard.RunAsync(
                    () => creators.ReplaceItemAsync(changed with { ETag = null }, changed.Id, new PartitionKey(creatorId), new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken),
                    cancellationToken);
                return;
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
            }
        }

        throw new StorageUnavailableException($"Alert {alertId} kept changing under us.", TimeSpan.FromSeconds(1), new InvalidOperationException());
    }

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

    private sealed record AlertStateDocument
    {
        public required string Id { get; init; }

        public required string CreatorId { get; init; }

        public string DocType { get; init; } = "alertState";

        public required List<AlertArmingEntry> Entries { get; init; }

        public required List<string> EvaluatedViolationIds { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    private sealed record AlertArmingEntry(string MilestoneKey, [property: JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))] AlertKind Kind, bool Armed, int Episodes);

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

        public required JsonElement Message { get; init; }
    }
}
