using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>Cosmos DB round trips one webhook of a kind made (each webhook sent alone, so every request is its own).</summary>
internal sealed record RoundTrips(string Kind, int Samples, double Average, int Min, int Max, int Queries, string Sequence);

/// <summary>Median latencies of the same requests for a creator with a long history and one with a single event.</summary>
internal sealed record HistoryCost(int PastEvents, int Years, int Rounds, double WebhookHeavy, double WebhookLight, double StandingHeavy, double StandingLight)
{
    public double WebhookRatio => WebhookHeavy / WebhookLight;

    public double StandingRatio => StandingHeavy / StandingLight;
}

/// <summary>
/// Probes against the running app, after phase A: how many Cosmos DB round trips each kind of webhook costs (counted by
/// a <see cref="CosmosRequestLog"/> in the app's client pipeline), and whether a long history makes requests dearer.
/// </summary>
internal sealed class Probes(HttpClient http, string secret, CosmosRequestLog log, Container creators)
{
    private const int Samples = 20;

    // A creator's bearer token for the standing route, minted once (valid 10 minutes, longer than the probe) and
    // outside the timed requests.
    private readonly ConcurrentDictionary<string, string> tokens = new();

    private static readonly string Now = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>Each kind on creators that already have an account and today's activity entry: the steady state.</summary>
    public async Task<IReadOnlyList<RoundTrips>> RoundTripsAsync(CancellationToken cancellationToken)
    {
        var kinds = new (string Kind, Func<string, int, string> Body)[]
        {
            ("profile update", (c, i) => Profile($"rt-p2-{c}", c, "second")),
            ("violation, no alert (1 point)", (c, i) => Violation($"rt-v-{c}", c, $"rt-v-{c}", "unattended-livestream")),
            ("notice", (c, i) => Notice($"rt-n-{c}", c, $"rt-n-{c}")),
            ("overturn", (c, i) => Overturn($"rt-o-{c}", c, $"rt-v-{c}")),
            ("violation repeated (same event again)", (c, i) => Violation($"rt-v-{c}", c, $"rt-v-{c}", "unattended-livestream")),
            ("violation firing an alert (12 points)", (c, i) => Violation($"rt-a-{c}", c, $"rt-a-{c}", "off-platform-transactions")),
        };
        var results = new List<RoundTrips>();
        var creatorsUsed = Enumerable.Range(0, Samples).Select(i => $"rt-creator-{i:D3}").ToList();
        foreach (var creator in creatorsUsed)
        {
            await PostAsync(Profile($"rt-p1-{creator}", creator, "first"), cancellationToken);
            await PostAsync(Notice($"rt-n0-{creator}", creator, $"rt-n0-{creator}"), cancellationToken); // today's activity entry
        }

        foreach (var (kind, body) in kinds)
        {
            var counts = new List<int>();
            var queries = 0;
            var sequence = "";
            for (var i = 0; i < creatorsUsed.Count; i++)
            {
                log.Clear();
                await PostAsync(body(creatorsUsed[i], i), cancellationToken);
                var requests = log.Requests;
                counts.Add(requests.Count);
                queries += requests.Count(r => r.IsQuery);
                sequence = string.Join(" ", requests.Select(r => r.Method));
            }

            results.Add(new RoundTrips(kind, counts.Count, counts.Average(), counts.Min(), counts.Max(), queries, sequence));
        }

        return results;
    }

    /// <summary>
    /// A creator with <paramref name="pastEvents"/> past events (violations spread evenly over <paramref name="years"/> years up to
    /// yesterday, most long expired, stored as
    /// events from before accounts: the first request migrates them) against one with a single event; then the same
    /// requests for both, interleaved: a 1-point violation webhook and a standing read each round.
    /// </summary>
    public async Task<HistoryCost> HistoryCostAsync(int pastEvents, int years, int rounds, CancellationToken cancellationToken)
    {
        const string heavy = "history-heavy";
        const string light = "history-light";
        var now = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, pastEvents), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var span = (365.0 * years) - 1;
            var at = now.AddDays(-(span + 1)).AddMinutes(i * (span * 24 * 60 / pastEvents)).ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);
            var document = new JsonObject
            {
                ["id"] = $"violation:past-{i}", ["creatorId"] = heavy, ["docType"] = "violation", ["eventId"] = $"evt-past-{i}",
                ["occurredAt"] = at, ["receivedAt"] = at, ["violationId"] = $"past-{i}", ["policyCode"] = "unattended-livestream",
                ["surface"] = "livestream", ["contentId"] = $"live-{i}", ["issuedAt"] = at, ["points"] = 1, ["message"] = "A past violation.",
            };
            using var response = await creators.CreateItemStreamAsync(new MemoryStream(Encoding.UTF8.GetBytes(document.ToJsonString())), new PartitionKey(heavy), cancellationToken: ct);
        });
        await PostAsync(Violation("history-light-first", light, "light-first", "unattended-livestream"), cancellationToken);
        await GetStandingAsync(light, cancellationToken); // mints the tokens before timing
        await PostAsync(Violation("history-heavy-first", heavy, "heavy-first", "unattended-livestream"), cancellationToken); // migrates
        await GetStandingAsync(heavy, cancellationToken);

        var webhook = (Heavy: new List<double>(), Light: new List<double>());
        var standing = (Heavy: new List<double>(), Light: new List<double>());
        for (var i = 0; i < rounds; i++)
        {
            webhook.Heavy.Add(await TimeAsync(() => PostAsync(Violation($"h-{i}", heavy, $"h-{i}", "unattended-livestream"), cancellationToken)));
            webhook.Light.Add(await TimeAsync(() => PostAsync(Violation($"l-{i}", light, $"l-{i}", "unattended-livestream"), cancellationToken)));
            standing.Heavy.Add(await TimeAsync(() => GetStandingAsync(heavy, cancellationToken)));
            standing.Light.Add(await TimeAsync(() => GetStandingAsync(light, cancellationToken)));
        }

        return new HistoryCost(pastEvents, years, rounds, Median(webhook.Heavy), Median(webhook.Light), Median(standing.Heavy), Median(standing.Light));
    }

    private static async Task<double> TimeAsync(Func<Task> request)
    {
        var started = Stopwatch.GetTimestamp();
        await request();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private async Task GetStandingAsync(string creatorId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/creators/{creatorId}/standing");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetOrAdd(creatorId, id => CallerTokens.Creator(id, DateTimeOffset.UtcNow)));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET standing of {creatorId}: HTTP {(int)response.StatusCode}");
        }

        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private async Task PostAsync(string json, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/webhooks/platform") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignatureVerifier.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignatureVerifier.SignatureHeader, "v1=" + WebhookSignatureVerifier.Sign(secret, timestamp, body));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode is not (HttpStatusCode.Accepted or HttpStatusCode.OK))
        {
            throw new InvalidOperationException($"Webhook answered HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static string Profile(string eventId, string creatorId, string name) => new JsonObject
    {
        ["eventId"] = eventId, ["type"] = EventTypes.CreatorUpserted, ["occurredAt"] = Now,
        ["creator"] = new JsonObject { ["id"] = creatorId, ["email"] = $"{creatorId}@creators.example", ["displayName"] = name },
    }.ToJsonString();

    private static string Violation(string eventId, string creatorId, string violationId, string policyCode) => new JsonObject
    {
        ["eventId"] = eventId, ["type"] = EventTypes.ViolationIssued, ["occurredAt"] = Now,
        ["violation"] = new JsonObject
        {
            ["id"] = violationId, ["creatorId"] = creatorId, ["policyCode"] = policyCode, ["surface"] = "livestream",
            ["contentId"] = "live-" + violationId, ["issuedAt"] = Now,
        },
    }.ToJsonString();

    private static string Notice(string eventId, string creatorId, string noticeId) => new JsonObject
    {
        ["eventId"] = eventId, ["type"] = EventTypes.NoticeSent, ["occurredAt"] = Now,
        ["notice"] = new JsonObject
        {
            ["id"] = noticeId, ["creatorId"] = creatorId, ["surface"] = "livestream", ["sentAt"] = Now, ["title"] = "A notice", ["body"] = "About a livestream.",
        },
    }.ToJsonString();

    private static string Overturn(string eventId, string creatorId, string violationId) => new JsonObject
    {
        ["eventId"] = eventId, ["type"] = EventTypes.ViolationOverturned, ["occurredAt"] = Now,
        ["violation"] = new JsonObject { ["id"] = violationId, ["creatorId"] = creatorId },
    }.ToJsonString();
}
