using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Webhooks;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <param name="IsNew">False when the event (or its subject) had already been recorded: nothing changed.</param>
public sealed record RecordResult(bool IsNew, EventReceipt Receipt);

/// <summary>
/// Everything stored about creators: their events (the source of truth, each its own document) and their account
/// document (what the rules read, kept up to date event by event). Every operation stays inside one creator's partition.
/// </summary>
public interface ICreatorStore
{
    /// <summary>Records the event idempotently: a repeat returns the original receipt and changes nothing.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<RecordResult> RecordAsync(PlatformEvent platformEvent, Instant receivedAt, CancellationToken cancellationToken);

    /// <summary>The creator's latest profile (one point read), null when the platform never sent one.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<CreatorProfile?> GetProfileAsync(string creatorId, CancellationToken cancellationToken);

    /// <summary>The creator's account document (one point read), null when nothing was ever recorded for them.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<AccountDocument?> ReadAccountAsync(string creatorId, CancellationToken cancellationToken);

    /// <summary>The account document exactly as stored (one point read, no rebuild): null when there is none.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<AccountDocument?> ReadStoredAccountAsync(string creatorId, CancellationToken cancellationToken);

    /// <summary>
    /// Read → <paramref name="decide"/> → replace with <c>If-Match</c>, again from the read when another writer won
    /// (<see cref="OptimisticConcurrency"/>). <paramref name="decide"/> returns null when there is nothing to write.
    /// </summary>
    /// <param name="pendingEventId">The id of an event document just recorded and about to be applied: a rebuild
    /// (account missing or outdated) leaves it out, so applying it is still a change the alerts are decided on.</param>
    /// <param name="alreadyRead">The account as the caller just read it (<see cref="ReadStoredAccountAsync"/>), also
    /// when it found none: the first round decides on it instead of reading again.</param>
    /// <returns>The document as stored after the call.</returns>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    /// <exception cref="ConcurrencyConflictException">Other writers kept winning.</exception>
    Task<AccountDocument> UpdateAccountAsync(
        string creatorId, string? pendingEventId, Func<AccountDocument, Task<AccountDocument?>> decide, CancellationToken cancellationToken, StoredAccount? alreadyRead = null);

    /// <summary>
    /// <paramref name="account"/> (as just loaded) with its archive read in (<see cref="CreatorAccount.WithArchive"/>): for
    /// the rules that look back further than the hot window (<see cref="AccountRetention.NeedsArchive"/>). One point read
    /// when the account has archived violations, none otherwise.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<CreatorAccount> WithArchiveAsync(CreatorAccount account, CancellationToken cancellationToken);

    /// <summary>Rebuilds the account from the stored events (keeping its alert memory); null when nothing was recorded.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    /// <exception cref="ConcurrencyConflictException">Other writers kept winning.</exception>
    Task<AccountDocument?> RebuildAccountAsync(string creatorId, CancellationToken cancellationToken);
}

public static class CreatorStoreExtensions
{
    /// <summary>The account the rules read (its hot window: the archive is left out); <see cref="CreatorAccount.IsUnknown"/>
    /// when nothing was ever recorded.</summary>
    public static async Task<CreatorAccount> LoadAccountAsync(this ICreatorStore store, string creatorId, CancellationToken cancellationToken) =>
        (await store.ReadAccountAsync(creatorId, cancellationToken))?.ToDomain() ?? CreatorAccount.Empty(creatorId);

    /// <summary>The whole account, its archive included (<see cref="ICreatorStore.WithArchiveAsync"/>): one point read, two
    /// when the account has archived violations. <see cref="CreatorAccount.IsUnknown"/> when nothing was ever recorded.</summary>
    public static async Task<CreatorAccount> LoadWholeAccountAsync(this ICreatorStore store, string creatorId, CancellationToken cancellationToken) =>
        await store.WithArchiveAsync(await store.LoadAccountAsync(creatorId, cancellationToken), cancellationToken);
}

/// <summary>
/// The account document as a caller read it just now (<see cref="ICreatorStore.ReadStoredAccountAsync"/>), handed on so
/// the update doesn't read it again; <see cref="Document"/> is null when the creator had none (a first touch).
/// </summary>
public readonly record struct StoredAccount(AccountDocument? Document);
