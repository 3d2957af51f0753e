using System.Collections.Concurrent;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.ReportBenchmarks;

/// <summary>
/// A step in the app's Cosmos client pipeline that counts document operations (method, container, status) and the
/// bytes each create or replace sends, so Phase R prints what the producer really does per creator and the floor phase
/// can repeat exactly that, raw. Counting is two interlocked adds: it doesn't change what it measures.
/// </summary>
internal sealed class OperationCounter : RequestHandler
{
    private readonly ConcurrentDictionary<(string Method, string Container, int Status), Tally> tallies = new();

    public bool Enabled { get; set; }

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        var path = request.RequestUri?.OriginalString ?? "";
        var isDocument = path.Contains("/docs", StringComparison.Ordinal) || (request.Method == HttpMethod.Post && path.Contains("/colls/", StringComparison.Ordinal));
        var bytes = request.Content is { CanSeek: true } content ? content.Length : 0;
        var response = await base.SendAsync(request, cancellationToken);
        if (isDocument)
        {
            var tally = tallies.GetOrAdd((request.Method.Method, ContainerOf(path), (int)response.StatusCode), _ => new Tally());
            Interlocked.Increment(ref tally.Count);
            Interlocked.Add(ref tally.Bytes, bytes);
        }

        return response;
    }

    public void Reset() => tallies.Clear();

    public int Total => tallies.Values.Sum(t => (int)t.Count);

    /// <summary>Average bytes sent by the creates to <paramref name="container"/> (0 when none).</summary>
    public long AverageCreateBytes(string container)
    {
        var creates = tallies.Where(t => t.Key.Method == "POST" && t.Key.Container == container && t.Key.Status < 300).Select(t => t.Value).ToList();
        var count = creates.Sum(t => t.Count);
        return count == 0 ? 0 : creates.Sum(t => t.Bytes) / count;
    }

    /// <summary>"reads creators 2.00 (404: 1.00), creates reports 1.00, …" per <paramref name="per"/> items.</summary>
    public string Describe(int per) =>
        string.Join(", ", tallies
            .OrderBy(t => t.Key.Method).ThenBy(t => t.Key.Container).ThenBy(t => t.Key.Status)
            .Select(t => $"{Verb(t.Key.Method)} {t.Key.Container} {t.Key.Status} {(double)t.Value.Count / Math.Max(1, per):0.00}"))
        + $"; total {(double)Total / Math.Max(1, per):0.00}";

    private static string Verb(string method) => method switch
    {
        "GET" => "read",
        "POST" => "create/query",
        "PUT" => "replace",
        "DELETE" => "delete",
        _ => method,
    };

    private static string ContainerOf(string path)
    {
        var at = path.IndexOf("/colls/", StringComparison.Ordinal);
        if (at < 0)
        {
            return "?";
        }

        var start = at + "/colls/".Length;
        var end = path.IndexOf('/', start);
        return end < 0 ? path[start..] : path[start..end];
    }

    private sealed class Tally
    {
        public long Count;
        public long Bytes;
    }
}
