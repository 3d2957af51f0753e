using System.Globalization;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Functions.Telemetry;

/// <summary>
/// Request charge and throttling of every Cosmos DB request, per operation and container. A custom handler sits above
/// the SDK's retry handler, so it sees each request once with its final answer: a 429 counted here is one the SDK's own
/// retries did not absorb (what turns into a 503 for the caller).
/// </summary>
public sealed class CosmosRequestTelemetry(AppMetrics metrics) : RequestHandler
{
    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var charge = double.TryParse(response.Headers["x-ms-request-charge"], NumberStyles.Float, CultureInfo.InvariantCulture, out var ru) ? ru : 0;
        metrics.CosmosRequest(OperationOf(request), ContainerOf(request.RequestUri), (int)response.StatusCode, charge);
        return response;
    }

    /// <summary>
    /// The operation, from what the SDK puts on the wire (its own operation type is internal). Item creates, upserts
    /// and queries are addressed to the container (<c>dbs/{db}/colls/{container}</c>), reads, replaces and deletes to
    /// the item (<c>.../docs/{id}</c>).
    /// </summary>
    public static string OperationOf(RequestMessage request)
    {
        var segments = (request.RequestUri?.OriginalString ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var onContainer = segments.Length == 4 && segments[2] == "colls";
        bool Flag(string header) => string.Equals(request.Headers[header], "true", StringComparison.OrdinalIgnoreCase);
        return request.Method.Method switch
        {
            "POST" when Flag("x-ms-documentdb-isquery") || Flag("x-ms-cosmos-is-query-plan-request") => "query",
            "POST" when onContainer && Flag("x-ms-documentdb-is-upsert") => "upsert",
            "POST" when onContainer => "create",
            "POST" => "create_resource",
            "PUT" => "replace",
            "PATCH" => "patch",
            "DELETE" => "delete",
            "GET" when request.Headers["A-IM"] is not null => "change_feed",
            "GET" => "read",
            _ => request.Method.Method.ToLowerInvariant(),
        };
    }

    /// <summary>The container from <c>dbs/{db}/colls/{container}/...</c>; "none" for account and database requests.</summary>
    public static string ContainerOf(Uri? uri)
    {
        var segments = (uri?.OriginalString ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(segments, "colls");
        return index >= 0 && index + 1 < segments.Length ? segments[index + 1] : "none";
    }
}
