using System.Net;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Functions.Tests.Erasure;

/// <summary>
/// A step in the app's Cosmos DB client pipeline that answers <c>503</c> (what an outage looks like once the SDK gave up)
/// to the requests a test picks, and lets the others through: storage failing part-way through a flow.
/// </summary>
internal sealed class CosmosFaults : RequestHandler
{
    private volatile Func<RequestMessage, bool>? fails;
    private int injected;

    /// <summary>How many requests were failed so far.</summary>
    public int Injected => Volatile.Read(ref injected);

    /// <summary>From now on, requests <paramref name="predicate"/> matches fail.</summary>
    public void FailWhen(Func<RequestMessage, bool> predicate) => fails = predicate;

    public void Heal() => fails = null;

    /// <summary>Deletes in <paramref name="container"/> fail once <paramref name="succeeding"/> of them went through.</summary>
    public void FailDeletesAfter(string container, int succeeding)
    {
        var seen = 0;
        FailWhen(r => r.Method == HttpMethod.Delete && Targets(r, container) && Interlocked.Increment(ref seen) > succeeding);
    }

    /// <summary>Every replace (<c>PUT</c>) of a document in <paramref name="container"/> fails.</summary>
    public void FailReplacesIn(string container) => FailWhen(r => r.Method == HttpMethod.Put && Targets(r, container));

    public override async Task<ResponseMessage> SendAsync(RequestMessage request, CancellationToken cancellationToken)
    {
        if (fails?.Invoke(request) is true)
        {
            Interlocked.Increment(ref injected);
            return new ResponseMessage(HttpStatusCode.ServiceUnavailable, request, "Injected by the test: storage unavailable.");
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static bool Targets(RequestMessage request, string container) =>
        request.RequestUri?.OriginalString.Contains($"colls/{container}/docs", StringComparison.Ordinal) is true;
}
