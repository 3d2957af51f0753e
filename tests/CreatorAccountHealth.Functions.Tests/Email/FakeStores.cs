using System.Collections.Concurrent;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>Creators' profiles in memory; <see cref="Unavailable"/> makes every read fail as Cosmos DB being down would.</summary>
public sealed class InMemoryCreators : ICreatorStore
{
    private readonly ConcurrentDictionary<string, CreatorProfile> profiles = new();

    public bool Unavailable { get; set; }

    public void Add(CreatorProfile profile) => profiles[profile.CreatorId] = profile;

    public Task<RecordResult> RecordAsync(PlatformEvent platformEvent, Instant receivedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The email function only reads creators.");

    public Task<CreatorProfile?> GetProfileAsync(string creatorId, CancellationToken cancellationToken) =>
        Unavailable
            ? throw new StorageUnavailableException("Cosmos DB could not be reached.", TimeSpan.FromSeconds(5), new HttpRequestException("down"))
            : Task.FromResult(profiles.GetValueOrDefault(creatorId));

    public Task<AccountDocument?> ReadAccountAsync(string creatorId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The email function reads profiles only.");

    public Task<AccountDocument?> ReadStoredAccountAsync(string creatorId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The email function reads profiles only.");

    public Task<AccountDocument> UpdateAccountAsync(
        string creatorId, string? pendingEventId, Func<AccountDocument, Task<AccountDocument?>> decide, CancellationToken cancellationToken, StoredAccount? alreadyRead = null) =>
        throw new NotSupportedException("The email function only reads creators.");

    public Task<CreatorAccount> WithArchiveAsync(CreatorAccount account, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The email function reads profiles only.");

    public Task<AccountDocument?> RebuildAccountAsync(string creatorId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The email function only reads creators.");
}
