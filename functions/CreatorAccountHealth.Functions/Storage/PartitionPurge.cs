using System.Net;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// Deletes every document of one logical partition: a single-partition query of the ids, then a point delete each (a
/// few at a time; one already gone is fine). Works on every Cosmos DB implementation, the local protocol server included.
/// Real Cosmos DB's <c>DeleteAllItemsByPartitionKey</c> is not used: it is a preview capability the account must enable,
/// the local server lacks it, and it deletes in the background, so "nothing left to read" could not be answered when it
/// returns. A run that stops half-way leaves fewer documents for the next one: repeating it finishes the job.
/// </summary>
public static class PartitionPurge
{
    private const int Parallelism = 8;

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    /// <summary>
    /// Deletes the partition's documents whose <c>docType</c> is in <paramref name="first"/> before the others (e.g. what an
    /// email sender reads, so nothing more is sent while the rest goes); answers how many were deleted.
    /// </summary>
    /// <param name="keyProperty">The partition key's property (<c>creatorId</c>): also in the filter, which the local server needs.</param>
    /// <exception cref="StorageUnavailableException">Storage can't answer now; what was deleted stays deleted.</exception>
    public static async Task<int> DeleteAllAsync(
        Container container, string keyProperty, string key, IReadOnlyCollection<string> first, CancellationToken cancellationToken)
    {
        var partitionKey = new PartitionKey(key);
        var documents = await ListAsync(container, keyProperty, key, partitionKey, cancellationToken);
        var deleted = 0;
        foreach (var batch in documents.GroupBy(d => d.DocType is { } type && first.Contains(type) ? 0 : 1).OrderBy(g => g.Key))
        {
            await Parallel.ForEachAsync(
                batch,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (document, ct) =>
                {
                    try
                    {
                        await CosmosGuard.RunAsync(() => container.DeleteItemAsync<object>(document.Id, partitionKey, NoContent, ct), ct);
                        Interlocked.Increment(ref deleted);
                    }
                    catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
                    {
                        // Deleted meanwhile (an earlier run, a TTL): the outcome we want.
                    }
                });
        }

        return deleted;
    }

    private static async Task<IReadOnlyList<DocumentRef>> ListAsync(
        Container container, string keyProperty, string key, PartitionKey partitionKey, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition($"SELECT c.id, c.docType FROM c WHERE c.{keyProperty} = @key").WithParameter("@key", key);
        return await CosmosGuard.RunAsync(
            async () =>
            {
                var found = new List<DocumentRef>();
                using var iterator = container.GetItemQueryIterator<DocumentRef>(query, requestOptions: new QueryRequestOptions { PartitionKey = partitionKey });
                while (iterator.HasMoreResults)
                {
                    found.AddRange(await iterator.ReadNextAsync(cancellationToken));
                }

                return (IReadOnlyList<DocumentRef>)found;
            },
            cancellationToken);
    }

    private sealed record DocumentRef(string Id, string? DocType);
}
