using System.Net;
using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Erasure;

/// <summary>
/// What erasure stores and deletes in Cosmos DB itself: the tombstones in <c>erasures</c> (one per erased creator, read by
/// point read) and the creator's whole partition of <c>creators</c>. A tombstone holds nothing personal: its id is the
/// SHA-256 of the creator id (enough to recognise the creator's later events, not to list who was erased) and when.
/// </summary>
public sealed class ErasureStore(CosmosContainers containers)
{
    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private readonly Container erasures = containers.Erasures;
    private readonly Container creators = containers.Creators;

    /// <summary>When the creator was erased, or null when they never were: one point read.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<Instant?> ErasedAtAsync(string creatorId, CancellationToken cancellationToken)
    {
        var key = KeyOf(creatorId);
        var tombstone = await CosmosGuard.ReadOrNullAsync<Tombstone>(erasures, key, new PartitionKey(key), cancellationToken);
        return tombstone?.ErasedAt;
    }

    /// <summary>Writes the creator's tombstone unless there is one; answers when they were first erased.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<Instant> MarkErasedAsync(string creatorId, Instant now, CancellationToken cancellationToken)
    {
        var key = KeyOf(creatorId);
        try
        {
            await CosmosGuard.RunAsync(
                () => erasures.CreateItemAsync(new Tombstone(key, now), new PartitionKey(key), NoContent, cancellationToken),
                cancellationToken);
            return now;
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            return await ErasedAtAsync(creatorId, cancellationToken) ?? now;
        }
    }

    /// <summary>
    /// Deletes everything in the creator's partition of <c>creators</c> (events, alert state and records, quiz ledger,
    /// workshop invitations and attendance, email delivery records, and whatever else a creator owns there), profiles
    /// first: the email senders read the profile, so nothing more is sent to the creator while the rest goes.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now; what was deleted stays deleted.</exception>
    public Task<int> DeletePartitionAsync(string creatorId, CancellationToken cancellationToken) =>
        PartitionPurge.DeleteAllAsync(creators, "creatorId", creatorId, [DocTypes.Profile], cancellationToken);

    /// <summary>The tombstone's id: lowercase hex SHA-256 of the creator id's UTF-8 bytes.</summary>
    public static string KeyOf(string creatorId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(creatorId)));

    private sealed record Tombstone(string Id, Instant ErasedAt);
}
