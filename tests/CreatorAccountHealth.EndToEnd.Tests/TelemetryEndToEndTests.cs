using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Telemetry;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// What an operator sees of one violation that crosses a milestone: one trace from the platform's call to SendGrid,
/// and the metrics that count it. Spans come from the assembly's <see cref="TelemetryCapture"/>; metrics from this
/// app's own meter, so other tests running beside it don't move the numbers.
/// </summary>
public sealed class TelemetryEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string CreatorId = "e2e-otel";

    [Fact]
    public async Task A_webhook_that_crosses_a_milestone_is_one_trace_from_the_platform_to_SendGrid()
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var webhooks = new MetricCollector<long>(meters, AppTelemetry.Name, AppMetrics.WebhookEvents);
        using var decided = new MetricCollector<long>(meters, AppTelemetry.Name, AppMetrics.AlertsDecided);
        using var emails = new MetricCollector<long>(meters, AppTelemetry.Name, AppMetrics.Emails);
        using var sendGrid = new MetricCollector<double>(meters, AppTelemetry.Name, AppMetrics.SendGridDuration);
        using var requestCharge = new MetricCollector<double>(meters, AppTelemetry.Name, AppMetrics.CosmosRequestCharge);

        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Creator())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation("otel-v1"))).StatusCode);

        // The platform's own span: the webhook continues its trace.
        var platform = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var traceParent = $"00-{platform.TraceId}-{platform.SpanId}-01";
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation("otel-v2"), traceParent: traceParent)).StatusCode);
        await app.WaitForEmailToAsync("otel@shop.example");
        var trace = await WaitForTraceAsync(platform.TraceId, spans => spans.Any(s => s.DisplayName == "SendGrid send"));

        var webhook = Assert.Single(trace, s => s.DisplayName == "Invoke PlatformWebhook");
        Assert.Equal(ActivityKind.Server, webhook.Kind);
        Assert.Equal(platform.SpanId, webhook.ParentSpanId);
        Assert.Equal(202, webhook.GetTagItem("http.response.status_code"));

        // Cosmos DB: the event's create, the history and alert reads, the alert's writes, all under the webhook.
        var cosmos = trace.Where(s => s.Source.Name == AppTelemetry.CosmosSource).ToList();
        Assert.True(cosmos.Count >= 4, $"expected the webhook's Cosmos DB operations in its trace, got {cosmos.Count}");
        Assert.All(cosmos.Where(s => s.StartTimeUtc < webhook.StartTimeUtc + webhook.Duration), s => Assert.True(IsUnder(s, webhook, trace)));

        var send = Assert.Single(trace, s => s.DisplayName == "send milestone-alerts");
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.True(IsUnder(send, webhook, trace));

        // The receiving function continues the context the message carried.
        var receive = Assert.Single(trace, s => s.DisplayName == "Invoke SendAlertEmail");
        Assert.Equal(ActivityKind.Consumer, receive.Kind);
        Assert.Equal(send.SpanId, receive.ParentSpanId);

        var sendGridSpan = Assert.Single(trace, s => s.DisplayName == "SendGrid send");
        Assert.True(IsUnder(sendGridSpan, receive, trace));
        Assert.Equal(202, sendGridSpan.GetTagItem("http.response.status_code"));
        Assert.Contains(trace, s => s.Source.Name == AppTelemetry.CosmosSource && IsUnder(s, receive, trace));

        // Every span of the trace hangs off the platform's call: nothing started a trace of its own.
        Assert.All(trace, s => Assert.True(s.ParentSpanId == platform.SpanId || trace.Any(p => p.SpanId == s.ParentSpanId), $"{s.DisplayName} has no parent in the trace"));

        // And the metrics moved by what happened: three events recorded, one alert decided, one email sent.
        Assert.Equal(3, webhooks.GetMeasurementSnapshot().Where(m => Tag(m.Tags, "outcome") == "recorded").Sum(m => m.Value));
        var alert = Assert.Single(decided.GetMeasurementSnapshot());
        Assert.Equal(("reached", "formal-warning"), (Tag(alert.Tags, "alert.kind"), Tag(alert.Tags, "milestone")));
        var sent = Assert.Single(emails.GetMeasurementSnapshot());
        Assert.Equal(("milestone-alert-reached", "sent"), (Tag(sent.Tags, "email.kind"), Tag(sent.Tags, "outcome")));
        var call = Assert.Single(sendGrid.GetMeasurementSnapshot());
        Assert.Equal("2xx", Tag(call.Tags, "status_class"));
        Assert.Contains(requestCharge.GetMeasurementSnapshot(), m => Tag(m.Tags, "db.operation.name") == "create" && Tag(m.Tags, "db.collection.name") == "creators" && m.Value > 0);
    }

    private static bool IsUnder(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default;)
        {
            if (parent == ancestor.SpanId)
            {
                return true;
            }

            parent = trace.FirstOrDefault(s => s.SpanId == parent)?.ParentSpanId ?? default;
        }

        return false;
    }

    private static string? Tag(IReadOnlyDictionary<string, object?> tags, string key) => tags.TryGetValue(key, out var value) ? value?.ToString() : null;

    /// <summary>Spans end as each piece finishes: wait (with a deadline) for the trace to hold what the test looks for.</summary>
    private static async Task<IReadOnlyList<Activity>> WaitForTraceAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> complete)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var trace = TelemetryCapture.Shared.Trace(traceId);
            if (complete(trace) && trace.Any(s => s.DisplayName == "Invoke SendAlertEmail"))
            {
                return trace;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Trace {traceId} incomplete after 30 s: {string.Join(", ", trace.Select(s => s.DisplayName))}");
            }

            await Task.Delay(100);
        }
    }

    private static string Creator() => new JsonObject
    {
        ["eventId"] = "e2e-otel-profile",
        ["type"] = "creator.upserted",
        ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("O"),
        ["creator"] = new JsonObject { ["id"] = CreatorId, ["email"] = "otel@shop.example", ["displayName"] = "Olive Telemetry", ["timeZone"] = "Europe/Madrid" },
    }.ToJsonString();

    private static string Violation(string id) => new JsonObject
    {
        ["eventId"] = "e2e-" + id,
        ["type"] = "violation.issued",
        ["occurredAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        ["violation"] = new JsonObject
        {
            ["id"] = id,
            ["creatorId"] = CreatorId,
            ["policyCode"] = "deceptive-pricing",
            ["surface"] = "livestream",
            ["contentId"] = "live-" + id,
            ["issuedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
            ["message"] = "Olive's private moderation note",
        },
    }.ToJsonString();
}
