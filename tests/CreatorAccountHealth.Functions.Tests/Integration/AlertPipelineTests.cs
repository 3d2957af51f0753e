using System.Text.Json;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>Violations in through the webhook, milestone alerts out onto the queue, against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class AlertPipelineTests(CosmosServer cosmos) : IAsyncLifetime
{
    private AppHarness app = null!;

    public async Task InitializeAsync() => app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());

    public async Task DisposeAsync() => await app.DisposeAsync();

    // deceptive-pricing is 6 points in the shipped catalog: 6 → 12 reaches the formal warning.
    private Task<AppHarness.Response> Violation(string creator, string id) =>
        app.PostWebhookAsync(Events.ViolationIssued("evt-" + id, creator, id, policyCode: "deceptive-pricing", issuedAt: "2026-11-26T10:00:00Z"));

    private static JsonElement Body(RecordingQueueSender queue, int index) => JsonDocument.Parse(queue.Sent.ElementAt(index).Message.Body).RootElement;

    [Fact]
    public async Task Crossing_a_milestone_queues_one_alert_with_its_id_as_message_id()
    {
        Assert.Equal(202, (await Violation("creator-a", "v1")).Status);
        Assert.Empty(app.Queue.Sent);

        Assert.Equal(202, (await Violation("creator-a", "v2")).Status);

        var (queue, message) = Assert.Single(app.Queue.Sent);
        Assert.Equal("milestone-alerts", queue);
        Assert.Equal(AlertMessage.Subject, message.Subject);
        var body = Body(app.Queue, 0);
        Assert.Equal(message.MessageId, body.GetProperty("alertId").GetString());
        Assert.Equal("reached", body.GetProperty("kind").GetString());
        Assert.Equal("formal-warning", body.GetProperty("milestone").GetProperty("key").GetString());
        Assert.Equal(12, body.GetProperty("activePoints").GetInt32());
        Assert.Equal(2, body.GetProperty("causedBy").GetArrayLength());
        Assert.True(body.GetProperty("education").GetArrayLength() > 0);
    }

    [Fact]
    public async Task Repeated_and_later_events_send_nothing_more()
    {
        await Violation("creator-b", "v1");
        await Violation("creator-b", "v2");

        Assert.Equal(200, (await Violation("creator-b", "v2")).Status);
        await app.PostWebhookAsync(Events.ViolationIssued("evt-v3", "creator-b", "v3", policyCode: "unattended-livestream", issuedAt: "2026-11-26T11:00:00Z"));

        Assert.Single(app.Queue.Sent);
    }

    [Fact]
    public async Task When_the_queue_is_down_the_webhook_succeeds_and_the_timer_sends_the_alert_once()
    {
        await Violation("creator-c", "v1");
        app.Queue.IsDown = true;

        Assert.Equal(202, (await Violation("creator-c", "v2")).Status);
        Assert.Empty(app.Queue.Sent);

        app.Queue.IsDown = false;
        var republish = app.Function<RepublishAlertsFunction>();
        await republish.Run(new TimerInfo(), CancellationToken.None);
        Assert.Empty(app.Queue.Sent); // still inside the grace period the webhook gets to send it itself

        app.Time.Advance(TimeSpan.FromMinutes(1));
        await republish.Run(new TimerInfo(), CancellationToken.None);
        await republish.Run(new TimerInfo(), CancellationToken.None);

        var (_, message) = Assert.Single(app.Queue.Sent);
        Assert.Equal("formal-warning", Body(app.Queue, 0).GetProperty("milestone").GetProperty("key").GetString());
        Assert.StartsWith("alert-", message.MessageId);
    }

    [Fact]
    public async Task An_overturn_and_a_new_crossing_alert_again()
    {
        await Violation("creator-d", "v1");
        await Violation("creator-d", "v2");
        await app.PostWebhookAsync(Events.ViolationOverturned("evt-o2", "creator-d", "v2", "2026-11-27T11:00:00Z"));

        await Violation("creator-d", "v3");

        Assert.Equal(2, app.Queue.Sent.Count);
        Assert.NotEqual(app.Queue.Sent.ElementAt(0).Message.MessageId, app.Queue.Sent.ElementAt(1).Message.MessageId);
    }

    [Fact]
    public async Task Two_violations_racing_across_the_same_milestone_send_one_alert()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-base", "creator-e", "base", policyCode: "deceptive-pricing", issuedAt: "2026-11-26T09:00:00Z"));

        var racers = Enumerable.Range(0, 4).Select(i =>
            app.PostWebhookAsync(Events.ViolationIssued($"evt-r{i}", "creator-e", $"r{i}", policyCode: "deceptive-pricing", issuedAt: "2026-11-26T10:00:00Z")));
        var responses = await Task.WhenAll(racers);

        Assert.All(responses, r => Assert.Equal(202, r.Status));
        var reached = app.Queue.Sent.Select(s => JsonDocument.Parse(s.Message.Body).RootElement)
            .Where(b => b.GetProperty("kind").GetString() == "reached")
            .Select(b => b.GetProperty("milestone").GetProperty("key").GetString())
            .ToList();
        // However the evaluations interleave, no milestone is alerted twice, and the one the creator ends at (30 points:
        // the 7-day suspension) is alerted: the last evaluation to run sees every violation.
        Assert.Equal(reached.Distinct().Count(), reached.Count);
        Assert.Contains("suspension-7-days", reached);
    }
}
