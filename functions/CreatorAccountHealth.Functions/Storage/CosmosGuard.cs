using System.Net;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// The one place that decides what "storage can't serve this now" means (down, throttled, too slow) and turns it
/// into <see cref="StorageUnavailableException"/>; every other error passes through for the caller to handle.
/// </summary>
public static class CosmosGuard
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    public static async Task<T> RunAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        try
        {
            return await operation();
        }
        catch (CosmosException e) when (IsTransient(e.StatusCode))
        {
            throw new StorageUnavailableException($"Cosmos DB answered {(int)e.StatusCode}.", e.RetryAfter ?? DefaultRetryAfter, e);
        }
        catch (HttpRequestException e)
        {
            throw new StorageUnavailableException("Cosmos DB could not be reached.", DefaultRetryAfter, e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StorageUnavailableException("Cosmos DB did not answer in time.", DefaultRetryAfter, e);
        }
    }

    /// <summary>
    /// A point read that answers null for a missing document. Read as a stream: a missing document is an answer here,
    /// not an error, and the typed read would throw for it (the SDK then builds the exception's message and, for its
    /// span, the stack trace: more CPU than the read itself). The document is deserialized with the options the client
    /// uses for typed reads (<see cref="CosmosContainers.DocumentJson"/>).
    /// </summary>
    public static Task<T?> ReadOrNullAsync<T>(Container container, string id, PartitionKey partitionKey, CancellationToken cancellationToken)
        where T : class =>
        RunAsync(
            async () =>
            {
                using var response = await container.ReadItemStreamAsync(id, partitionKey, cancellationToken: cancellationToken);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                response.EnsureSuccessStatusCode(); // anything else as the typed read would throw it
                return await JsonSerializer.DeserializeAsync<T>(response.Content, CosmosContainers.DocumentJson, cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// Writes a document that was read at <paramref name="etag"/>: a create when it was absent (null: it must not exist
    /// yet), else a replace with <c>If-Match</c>; the document isn't echoed back. A lost race escapes as a
    /// <see cref="CosmosException"/>: 409 (created meanwhile), 412 (changed) or 404 (deleted); the caller decides again.
    /// </summary>
    public static Task<ItemResponse<T>> WriteIfUnchangedAsync<T>(
        Container container, T document, string id, PartitionKey partitionKey, string? etag, CancellationToken cancellationToken) =>
        RunAsync(
            () => etag is null
                ? container.CreateItemAsync(document, partitionKey, NoContent, cancellationToken)
                : container.ReplaceItemAsync(document, id, partitionKey, new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false }, cancellationToken),
            cancellationToken);

    /// <summary>Every result of a single-partition query, all pages read.</summary>
    public static Task<List<T>> QueryPartitionAsync<T>(Container container, QueryDefinition query, PartitionKey partitionKey, CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var rows = new List<T>();
                using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { PartitionKey = partitionKey });
                while (iterator.HasMoreResults)
                {
                    rows.AddRange(await iterator.ReadNextAsync(cancellationToken));
                }

                return rows;
            },
            cancellationToken);

    private static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
        or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
        or (HttpStatusCode)449; // retry with: a transient write conflict
}
