using System.Net;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>A decision as stored: the workshop as it now is (after the write, or as read when nothing was written).</summary>
/// <param name="PendingMarkerETag">When the write added emails: the ETag of the pending-mail marker upserted before it.</param>
public sealed record StoredDecision<T>(Workshop Workshop, TrainingDecision<T> Decision, string? PendingMarkerETag = null);

/// <summary>A workshop in the pending-mail index, as the timer reads it.</summary>
public sealed record PendingEmailsMarker(string TrainingId, Instant MarkedAt, string ETag);

/// <summary>
/// The <c>trainings</c> container, plus the workshop documents kept in creators' partitions. Every change to a workshop is
/// read → pure decision → replace with <c>If-Match</c>; a 412 (someone else changed it in between) starts over from a fresh
/// read, so concurrent requests are serialised by the ETag and nothing overbooks. A write that adds emails to the outbox is
/// preceded by an upsert of the workshop's marker in the pending-mail index (<see cref="PendingEmailsMarkerDocument"/>), so
/// emails a crash or a down queue leave behind are found by <see cref="RepublishTrainingEmailsFunction"/>.
/// </summary>
public sealed class TrainingStore(CosmosContainers containers, IOptions<EventsOptions> events, TimeProvider time)
{
    /// <summary>Retries after a lost race; a few hundred racers for one workshop still all get through.</summary>
    private const int MaxAttempts = 200;

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private static readonly PartitionKey PendingEmailsPartition = new(PendingEmailsMarkerDocument.Partition);

    private static readonly PartitionKey WorkshopIndexPartition = new(WorkshopIndexDocument.Partition);

    private readonly Container trainings = containers.Trainings;
    private readonly Container creators = containers.Creators;

    /// <summary>Creates the workshop, after its entry in the back office's list (so it is never missing from it).</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task CreateAsync(Workshop workshop, CancellationToken cancellationToken)
    {
        var entry = new WorkshopIndexDocument { Id = workshop.Id, CreatedAt = workshop.CreatedAt };
        await CosmosGuard.RunAsync(() => trainings.UpsertItemAsync(entry, WorkshopIndexPartition, NoContent, cancellationToken), cancellationToken);
        await CosmosGuard.RunAsync(
            () => trainings.CreateItemAsync(WorkshopDocument.From(workshop), new PartitionKey(workshop.Id), NoContent, cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Every workshop: the ids from the list partition (one single-partition query), then a point read each (a few at a
    /// time). Entries of workshops that were never created are skipped.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<IReadOnlyList<Workshop>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = await QueryPartitionAsync<WorkshopIndexDocument>(WorkshopIndexDocument.Partition, cancellationToken);
        var workshops = new System.Collections.Concurrent.ConcurrentBag<Workshop>();
        await Parallel.ForEachAsync(
            ids.Where(d => d.Type == WorkshopIndexDocument.DocType),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                if (await GetAsync(entry.Id, ct) is { } workshop)
                {
                    workshops.Add(workshop);
                }
            });
        return [.. workshops];
    }

    /// <summary>The workshop, or null when there is none with that id.</summary>
    public async Task<Workshop?> GetAsync(string trainingId, CancellationToken cancellationToken) =>
        (await ReadAsync(trainingId, cancellationToken))?.ToDomain();

    /// <summary>
    /// Applies <paramref name="decide"/> to the current workshop until its replace wins the race; null when the workshop
    /// doesn't exist. A refusal, or a decision that changes nothing, writes nothing.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    /// <exception cref="ConcurrencyConflictException">The workshop stayed too contended.</exception>
    public Task<StoredDecision<T>?> ChangeAsync<T>(string trainingId, Func<Workshop, TrainingDecision<T>> decide, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(
            $"Workshop '{trainingId}'",
            async () =>
            {
                var document = await ReadAsync(trainingId, cancellationToken);
                if (document is null)
                {
                    return ConcurrentRound<StoredDecision<T>?>.Done(null);
                }

                var current = document.ToDomain();
                var decision = decide(current);
                if (decision.Refusal is not null || decision.Updated is null)
                {
                    return ConcurrentRound<StoredDecision<T>?>.Done(new StoredDecision<T>(current, decision));
                }

                // Marked before the write (on every round, so the marker is never older than the write it announces): a
                // crash after the write leaves a marker, never emails nobody will look for.
                var marker = TrainingDecisions.AddsEmails(current, decision.Updated)
                    ? await MarkPendingEmailsAsync(trainingId, cancellationToken)
                    : null;

                // A lost race (412) escapes to the helper, which decides again on what the winner wrote.
                await CosmosGuard.RunAsync(
                    () => trainings.ReplaceItemAsync(
                        WorkshopDocument.From(decision.Updated),
                        trainingId,
                        new PartitionKey(trainingId),
                        new ItemRequestOptions { IfMatchEtag = document.ETag, EnableContentResponseOnWrite = false },
                        cancellationToken),
                    cancellationToken);
                return ConcurrentRound<StoredDecision<T>?>.Done(new StoredDecision<T>(decision.Updated, decision, marker));
            },
            cancellationToken,
            MaxAttempts);

    /// <summary>
    /// Puts the workshop in the pending-mail index (upsert, so it gets a new ETag even when already there); answers that
    /// ETag, the one <see cref="UnmarkPendingEmailsAsync"/> needs.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<string> MarkPendingEmailsAsync(string trainingId, CancellationToken cancellationToken)
    {
        var marker = new PendingEmailsMarkerDocument { Id = trainingId, MarkedAt = Instant.FromDateTimeOffset(time.GetUtcNow()) };
        var response = await CosmosGuard.RunAsync(
            () => trainings.UpsertItemAsync(marker, PendingEmailsPartition, NoContent, cancellationToken),
            cancellationToken);
        return response.ETag;
    }

    /// <summary>
    /// Takes the workshop out of the pending-mail index if its marker is still the one with <paramref name="etag"/>;
    /// false when someone marked it again since (their emails may not be written yet: the marker must stay) or it is gone.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<bool> UnmarkPendingEmailsAsync(string trainingId, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await CosmosGuard.RunAsync(
                () => trainings.DeleteItemAsync<PendingEmailsMarkerDocument>(
                    trainingId, PendingEmailsPartition, new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken),
                cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// The pending-mail index, oldest mark first: one single-partition query. It filters on the partition key alone, the
    /// only path <c>trainings</c> indexes; the index is small (workshops with mail not yet on the queue).
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<IReadOnlyList<PendingEmailsMarker>> PendingEmailMarkersAsync(CancellationToken cancellationToken)
    {
        var found = await QueryPartitionAsync<PendingEmailsMarkerDocument>(PendingEmailsMarkerDocument.Partition, cancellationToken);
        return found
            .Where(d => d.Type == PendingEmailsMarkerDocument.DocType)
            .Select(d => new PendingEmailsMarker(d.Id, d.MarkedAt, d.ETag!))
            .OrderBy(m => m.MarkedAt)
            .ThenBy(m => m.TrainingId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Upserts the creator's copy of an invitation (idempotent).</summary>
    public async Task RecordInvitationAsync(string creatorId, string trainingId, Instant invitedAt, CancellationToken cancellationToken)
    {
        var document = new TrainingInvitationDocument
        {
            Id = TrainingInvitationDocument.IdFor(trainingId),
            CreatorId = creatorId,
            TrainingId = trainingId,
            InvitedAt = invitedAt,
        };
        await CosmosGuard.RunAsync(() => creators.UpsertItemAsync(document, new PartitionKey(creatorId), NoContent, cancellationToken), cancellationToken);
    }

    /// <summary>The creator's invitations: one single-partition query.</summary>
    public async Task<IReadOnlyList<TrainingInvitationDocument>> InvitationsOfAsync(string creatorId, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.creatorId = @creatorId AND c.docType = @docType")
            .WithParameter("@creatorId", creatorId)
            .WithParameter("@docType", DocTypes.TrainingInvitation);
        return await CosmosGuard.RunAsync(
            async () =>
            {
                var found = new List<TrainingInvitationDocument>();
                using var iterator = creators.GetItemQueryIterator<TrainingInvitationDocument>(
                    query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(creatorId) });
                while (iterator.HasMoreResults)
                {
                    found.AddRange(await iterator.ReadNextAsync(cancellationToken));
                }

                return (IReadOnlyList<TrainingInvitationDocument>)found;
            },
            cancellationToken);
    }

    /// <summary>Records the creator's attendance in their partition, an event like the platform's; a repeat (409) is the same attendance.</summary>
    public async Task<TrainingAttendanceDocument> RecordAttendanceAsync(Workshop workshop, string creatorId, Instant checkedInAt, Instant now, CancellationToken cancellationToken)
    {
        var document = TrainingAttendanceDocument.For(creatorId, workshop.Details, workshop.Id, checkedInAt, now) with { Ttl = events.Value.TtlSeconds };
        try
        {
            await CosmosGuard.RunAsync(
                () => creators.CreateItemAsync<CreatorDocument>(document, new PartitionKey(creatorId), NoContent, cancellationToken),
                cancellationToken);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already recorded by an earlier attempt of the same check-in.
        }

        return document;
    }

    /// <summary>Every document of one of the fixed index partitions; the filter is the partition key, the only indexed path.</summary>
    private async Task<IReadOnlyList<T>> QueryPartitionAsync<T>(string partition, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.trainingId = @partition").WithParameter("@partition", partition);
        return await CosmosGuard.RunAsync(
            async () =>
            {
                var documents = new List<T>();
                using var iterator = trainings.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(partition) });
                while (iterator.HasMoreResults)
                {
                    documents.AddRange(await iterator.ReadNextAsync(cancellationToken));
                }

                return (IReadOnlyList<T>)documents;
            },
            cancellationToken);
    }

    private async Task<WorkshopDocument?> ReadAsync(string trainingId, CancellationToken cancellationToken) =>
        await CosmosGuard.ReadOrNullAsync<WorkshopDocument>(trainings, trainingId, new PartitionKey(trainingId), cancellationToken);
}
