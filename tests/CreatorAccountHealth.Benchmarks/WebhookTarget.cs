using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CreatorAccountHealth.Functions.Webhooks;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>
/// Phase A: each request is a new <c>violation.issued</c> event, serialized, timestamped and signed as the platform
/// does it, then POSTed to the webhook. Only <paramref name="expected"/> counts as success: 202 (recorded), or for the
/// floor probe's <see cref="BadSignature"/> requests 401.
/// </summary>
internal sealed class WebhookTarget(HttpClient http, string secret, ViolationSamples samples, HttpStatusCode expected = HttpStatusCode.Accepted) : ILoadTarget
{
    private const string Route = "api/webhooks/platform";

    /// <summary>
    /// The same requests signed with a secret the app doesn't know: the app reads the body, checks the HMAC and answers
    /// 401 without touching storage. What a webhook costs before any storage: Kestrel, the pipeline, the HMAC check.
    /// </summary>
    public static WebhookTarget BadSignature(HttpClient http, string secret, ViolationSamples samples) =>
        new(http, "not-" + secret, samples, HttpStatusCode.Unauthorized);

    public async Task<string?> SendAsync(string batch, int sequence, CancellationToken cancellationToken)
    {
        var body = Body(samples.Get(batch, sequence));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, Route) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignatureVerifier.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignatureVerifier.SignatureHeader, "v1=" + WebhookSignatureVerifier.Sign(secret, timestamp, body));

        // The default completion option reads the whole (small) receipt before returning, as a real sender would.
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == expected ? null : $"HTTP {(int)response.StatusCode} {response.StatusCode}";
    }

    /// <summary>A loopback client with a connection per worker and no proxy, so every request stays on this machine.</summary>
    public static HttpClient CreateClient(Uri baseAddress, int concurrency) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static byte[] Body(SampleViolation v)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("eventId", v.EventId);
            json.WriteString("type", EventTypes.ViolationIssued);
            json.WriteString("occurredAt", v.IssuedAt);
            json.WriteStartObject("violation");
            json.WriteString("id", v.ViolationId);
            json.WriteString("creatorId", v.CreatorId);
            json.WriteString("policyCode", v.Policy.Code);
            json.WriteString("surface", v.Surface);
            json.WriteString("contentId", v.ContentId);
            json.WriteString("issuedAt", v.IssuedAt);
            json.WriteString("message", v.Message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
