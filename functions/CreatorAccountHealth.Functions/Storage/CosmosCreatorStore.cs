using System.Net;
using System.Text.Json;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// The creators container. Recording is a single create of a document whose id is the event's natural key, so
/// idempotency costs nothing extra: a repeat is a 409, answered with the receipt stored in the first document. Each
/// event expires after <c>Events__RetentionDays</c>. The account document is read by id; only a rebuild queries events.
/// Violations past the account's hot window move to the archive document when the domain says a move is due
/// (<see cref="CreatorAccount.MoveToArchive"/>): every account write goes through <see cref="WriteAsync"/>, which writes
/// the archive first, then the account, so a crash between leaves a violation in both (readers union by id), never in
/// neither.
/// </summary>
public sealed class CosmosCreatorStore(CosmosContainers containers, IOptions<EventsOptions> events, StandingRules rules, TimeProvider time) : ICreatorStore
{
    private readonly Container container = containers.Creators;
    private readonly AccountRetention retention = AccountRetention.For(rules);

    public async Task<RecordResult> RecordAsync(PlatformEvent platformEvent, Instant receivedAt, CancellationToken cancellationToken)
    {
        var document = CreatorDocument.For(platformEvent, receivedAt) with { Ttl = events.Value.TtlSeconds };
        var partitionKey = new PartitionKey(document.CreatorId);
        try
        {
            await CosmosGuard.RunAsync(() => container.CreateItemAsync(document, partitionKey, NoContentResponse, cancellationToken), cancellationToken);
            return new RecordResult(true, document.Receipt());
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await CosmosGuard.RunAsync(() => container.ReadItemAsync<CreatorDocument>(document.Id, partitionKey, cancellationToken: cancellationToken), cancellationToken);
            return new RecordResult(false, existing.Resource.Receipt());
        }
    }

    public async Task<CreatorProfile?> GetProfileAsync(string creatorId, CancellationToken cancellationToken) =>
        (await ReadAccountAsync(creatorId, cancellationToken))?.CurrentProfile();

    public async Task<AccountDocument?> ReadAccountAsync(string creatorId, CancellationToken cancellationToken) =>
        await ReadStoredAsync(creatorId, cancellationToken) is { } stored && IsCurrent(stored) ? stored : await RebuildAsync(creatorId, keepCurrent: true, cancellationToken);

    public Task<AccountDocument?> ReadStoredAccountAsync(string creatorId, CancellationToken cancellationToken) => ReadStoredAsync(creatorId, cancellationToken);

    public Task<AccountDocument> UpdateAccountAsync(
        string creatorId, string? pendingEventId, Func<AccountDocument, Task<AccountDocument?>> decide, CancellationToken cancellationToken, StoredAccount? alreadyRead = null) =>
        OptimisticConcurrency.RunAsync(
            $"The account of creator {creatorId}",
            async () =>
            {
                // The caller's read serves the first round only: a lost race must decide on what the winner wrote.
                var stored = alreadyRead is { } read ? read.Document : await ReadStoredAsync(creatorId, cancellationToken);
                alreadyRead = null;
                var rebuilt = stored is null || !IsCurrent(stored);
                var basis = !rebuilt
                    ? stored!
                    : await BuildFromEventsAsync(creatorId, pendingEventId, stored, cancellationToken) ?? new AccountDocument { CreatorId = creatorId };
                if (await decide(basis) is not { } next)
                {
                    return ConcurrentRound<AccountDocument>.Done(basis);
                }

                return ConcurrentRound<AccountDocument>.Done(await WriteAsync(next, stored?.ETag, rebuilt, cancellationToken));
            },
            cancellationToken);

    public async Task<CreatorAccount> WithArchiveAsync(CreatorAccount account, CancellationToken cancellationToken)
    {
        if (account.ArchivedUntil is null)
        {
            return account;
        }

        var archive = await ReadArchiveAsync(account.CreatorId, cancellationToken);
        return account.WithArchive(archive?.ToDomain() ?? ViolationArchive.Empty(account.CreatorId), Now(), retention);
    }

    public Task<AccountDocument?> RebuildAccountAsync(string creatorId, CancellationToken cancellationToken) =>
        RebuildAsync(creatorId, keepCurrent: false, cancellationToken);

    /// <param name="keepCurrent">First touch: a current account found by a later round was written by a racer that rebuilt
    /// it meanwhile, so it is the answer (rebuilding again would only fight the other racers for the same document).</param>
    private Task<AccountDocument?> RebuildAsync(string creatorId, bool keepCurrent, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(
            $"The account of creator {creatorId}",
            async () =>
            {
                var previous = await ReadStoredAsync(creatorId, cancellationToken);
                if (keepCurrent && previous is not null && IsCurrent(previous))
                {
                    return ConcurrentRound<AccountDocument?>.Done(previous);
                }

                var rebuilt = await BuildFromEventsAsync(creatorId, pendingEventId: null, previous, cancellationToken);
                return ConcurrentRound<AccountDocument?>.Done(rebuilt is null ? null : await WriteAsync(rebuilt, previous?.ETag, rebuilt: true, cancellationToken));
            },
            cancellationToken);

    private Task<AccountDocument?> ReadStoredAsync(string creatorId, CancellationToken cancellationToken) =>
        CosmosGuard.ReadOrNullAsync<AccountDocument>(container, AccountDocument.DocumentId, new PartitionKey(creatorId), cancellationToken);

    /// <summary>Of an older schema, the document is rebuilt from the events (this is also how data from before accounts migrates).</summary>
    private static bool IsCurrent(AccountDocument stored) => stored.SchemaVersion == AccountDocument.CurrentSchemaVersion;

    /// <summary>
    /// Creates (no ETag: it must not exist yet) or replaces with <c>If-Match</c>; a lost race escapes as 409/412. When the
    /// domain says violations are due to move (always those past the hot window after a rebuild, else in weekly batches),
    /// they are merged into the archive first: the account's replace stays the one atomic write of an event and its alerts,
    /// and a crash or a lost race after the archive's write leaves them in both places, which readers union by id.
    /// </summary>
    private async Task<AccountDocument> WriteAsync(AccountDocument document, string? etag, bool rebuilt, CancellationToken cancellationToken)
    {
        var now = Now();
        // The stored dates decide first, so a typical write doesn't convert the document to the domain for nothing.
        if (document.Violations.Count > 0
            && (rebuilt || retention.ArchiveIsDue(document.Violations.Min(v => v.IssuedAt), now))
            && document.ToDomain().MoveToArchive(now, retention, all: rebuilt) is { } move)
        {
            await MergeIntoArchiveAsync(document.CreatorId, move.Moved, now, cancellationToken);
            document = document.With(move.Account);
        }

        var toWrite = document with { ETag = null };
        var response = await CosmosGuard.WriteIfUnchangedAsync(container, toWrite, AccountDocument.DocumentId, new PartitionKey(document.CreatorId), etag, cancellationToken);
        return toWrite with { ETag = response.ETag };
    }

    /// <summary>
    /// Adds <paramref name="moved"/> to the creator's archive: read → union by id (<see cref="ViolationArchive.Merge"/>,
    /// which also prunes what can no longer count) → create or replace with <c>If-Match</c>, through the one concurrency
    /// helper. Idempotent, so a retry (or a round that lost the account's race after it) merges again harmlessly.
    /// </summary>
    private Task MergeIntoArchiveAsync(string creatorId, IReadOnlyList<Violation> moved, Instant now, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(
            $"The account archive of creator {creatorId}",
            async () =>
            {
                var stored = await ReadArchiveAsync(creatorId, cancellationToken);
                var current = stored?.ToDomain() ?? ViolationArchive.Empty(creatorId);
                var merged = current.Merge(moved, now, retention);
                if (stored is not null && stored.SchemaVersion == ArchiveDocument.CurrentSchemaVersion && merged.SameAs(current))
                {
                    return ConcurrentRound<bool>.Done(false);
                }

                var toWrite = (stored ?? new ArchiveDocument { CreatorId = creatorId }).With(merged) with { ETag = null };
                await CosmosGuard.WriteIfUnchangedAsync(container, toWrite, ArchiveDocument.DocumentId, new PartitionKey(creatorId), stored?.ETag, cancellationToken);
                return ConcurrentRound<bool>.Done(true);
            },
            cancellationToken);

    private Task<ArchiveDocument?> ReadArchiveAsync(string creatorId, CancellationToken cancellationToken) =>
        CosmosGuard.ReadOrNullAsync<ArchiveDocument>(container, ArchiveDocument.DocumentId, new PartitionKey(creatorId), cancellationToken);

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());

    /// <summary>
    /// The account the stored events make (the only query over a creator's events), keeping <paramref name="previous"/>'s
    /// alert memory and activity mark, or for data from before accounts existed, the old <c>alert-state</c> document's.
    /// Null when nothing was recorded.
    /// </summary>
    private async Task<AccountDocument?> BuildFromEventsAsync(string creatorId, string? pendingEventId, AccountDocument? previous, CancellationToken cancellationToken)
    {
        // The partition key is also in the filter: the query stays in one partition on every Cosmos implementation.
        var query = new QueryDefinition("SELECT * FROM c WHERE c.creatorId = @creatorId AND c.docType IN (@violation, @overturn, @notice, @profile, @trainingAttendance, @quizLedger, @alertState)")
            .WithParameter("@creatorId", creatorId)
            .WithParameter("@violation", DocTypes.Violation)
            .WithParameter("@overturn", DocTypes.Overturn)
            .WithParameter("@notice", DocTypes.Notice)
            .WithParameter("@profile", DocTypes.Profile)
            .WithParameter("@trainingAttendance", DocTypes.TrainingAttendance)
            .WithParameter("@quizLedger", DocTypes.QuizLedger)
            .WithParameter("@alertState", LegacyAlertStateType);

        var accountEvents = new List<AccountEvent>();
        List<AlertArmingEntry>? legacyAlerts = null;
        await CosmosGuard.RunAsync(
            async () =>
            {
                using var iterator = container.GetItemQueryIterator<JsonElement>(
                    query,
                    requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(creatorId) });
                while (iterator.HasMoreResults)
                {
                    foreach (var element in await iterator.ReadNextAsync(cancellationToken))
                    {
                        if (pendingEventId is not null && element.TryGetProperty("id", out var id) && id.ValueEquals(pendingEventId))
                        {
                            continue;
                        }

                        var docType = element.TryGetProperty("docType", out var type) ? type.GetString() : null;
                        if (docType == DocTypes.QuizLedger)
                        {
                            var ledger = element.Deserialize<QuizLedgerDocument>(CosmosContainers.DocumentJson)!;
                            accountEvents.Add(new QuizzesRecorded(ledger.ToAttempts(), ledger.ToRemovals()));
                        }
                        else if (docType == LegacyAlertStateType)
                        {
                            legacyAlerts = element.GetProperty("entries").Deserialize<List<AlertArmingEntry>>(CosmosContainers.DocumentJson);
                        }
                        else if (element.Deserialize<CreatorDocument>(CosmosContainers.DocumentJson)?.ToAccountEvent() is { } accountEvent)
                        {
                            accountEvents.Add(accountEvent);
                        }
                    }
                }

                return true;
            },
            cancellationToken);

        if (accountEvents.Count == 0 && previous is null)
        {
            return null;
        }

        var account = CreatorAccount.Rebuild(creatorId, accountEvents, Now(), retention);
        var document = (previous ?? new AccountDocument { CreatorId = creatorId }).With(account);
        return previous is null && legacyAlerts is not null
            ? document with { Alerts = new AlertMemory(legacyAlerts, []) }
            : document;
    }

    /// <summary>Where alert memory lived before accounts held it (read once, by the rebuild that migrates a creator).</summary>
    private const string LegacyAlertStateType = "alertState";

    private static readonly ItemRequestOptions NoContentResponse = new() { EnableContentResponseOnWrite = false };
}
