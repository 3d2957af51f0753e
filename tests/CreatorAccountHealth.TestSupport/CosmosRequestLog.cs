using System.Collections.Concurrent;
using System.Net;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.TestSupport;

/// <summary>One document operation that went to Cosmos DB: method, document path, whether it was a query, its status.</summary>
public sealed record CosmosRequest(string Method, string Path, bool IsQuery, HttpStatusCode Status);

/// <summary>
/// A handler in the app's Cosmos client pipeline (register it as a <see cref="RequestHandler"/> service) that records
/// every round trip to a document (<c>/docs</c>: reads, writes, queries; not the SDK's metadata reads), and can fail
/// chosen ones as an outage would (<see cref="FailWhen"/>), so tests count hot paths and cut storage mid-update.
/// </summary>
public sealed class CosmosRequestLog : RequestHandler
{
    private readonly ConcurrentQueue<CosmosRequest> requests = new();

    /// <summary>Requests matching it answer <see cref="FailWith"/> without reaching the server.</summary>
    public Func<CosmosRequest, bool>? FailWhen { get; set; }

    /// <summary>503 (an outage) unless a test needs another answer, such as 412 (another writer always wins).</summary>
    public HttpStatusCode FailWith { get; set; } = HttpStatusCode.ServiceUnavailable;

    public IReadOnlyList<CosmosRequest> Requests => [.. requests];

    public void Clear() => requests.Clear();

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.OriginalString ?? "";
        // Item reads, replaces, deletes and queries address ".../docs..."; creates and upserts POST to the container itself.
        var isDocumentOperation = path.Contains("/docs", StringComparison.Ordinal)
            || (request.Method == HttpMethod.Post && path.Contains("/colls/", StringComparison.Ordinal));
        if (!isDocumentOperation)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var isQuery = string.Equals(request.Headers["x-ms-documentdb-isquery"], "true", StringComparison.OrdinalIgnoreCase)
            || string.Equals(request.Headers.ContentType, "application/query+json", StringComparison.OrdinalIgnoreCase);
        var probe = new CosmosRequest(request.Method.Method, path, isQuery, HttpStatusCode.OK);
        if (FailWhen?.Invoke(probe) == true)
        {
            requests.Enqueue(probe with { Status = FailWith });
            return new ResponseMessage(FailWith, request, "injected failure");
        }

        var response = await base.SendAsync(request, cancellationToken);
        requests.Enqueue(probe with { Status = response.StatusCode });
        return response;
    }
}
