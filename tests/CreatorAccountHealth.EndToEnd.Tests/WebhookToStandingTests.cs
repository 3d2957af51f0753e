using System.Net;
using System.Text.Json.Nodes;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>Signed webhooks in, standing out, through the local runtime over HTTP.</summary>
public sealed class WebhookToStandingTests(RunningApp app) : IClassFixture<RunningApp>
{
    private static string Violation(string eventId, string creatorId, string violationId, string policyCode, DateTimeOffset issuedAt) =>
        new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = "violation.issued",
            ["occurredAt"] = issuedAt.ToString("O"),
            ["violation"] = new JsonObject
            {
                ["id"] = violationId,
                ["creatorId"] = creatorId,
                ["policyCode"] = policyCode,
                ["surface"] = "livestream",
                ["contentId"] = "live-" + violationId,
                ["issuedAt"] = issuedAt.ToString("O"),
                ["message"] = "Seen by moderation.",
            },
        }.ToJsonString();

    [Fact]
    public async Task Violations_in_standing_out_duplicates_answered_once()
    {
        var issuedAt = DateTimeOffset.UtcNow.AddDays(-2);
        var first = Violation("e2e-evt-1", "e2e-creator-1", "e2e-v-1", "off-platform-transactions", issuedAt);
        var second = Violation("e2e-evt-2", "e2e-creator-1", "e2e-v-2", "deceptive-pricing", issuedAt.AddHours(1));

        var accepted = await app.PostWebhookAsync(first);
        var duplicate = await app.PostWebhookAsync(first);
        var another = await app.PostWebhookAsync(second);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Equal(await accepted.Content.ReadAsStringAsync(), await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Accepted, another.StatusCode);

        var response = await app.Http.GetAsync("/api/creators/e2e-creator-1/standing");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var standing = await app.JsonAsync(response);
        Assert.Equal(18, standing["activePoints"]!.GetValue<int>());
        Assert.Equal("formal-warning", standing["currentMilestone"]!["key"]!.GetValue<string>());
        Assert.Equal(6, standing["pointsToNextMilestone"]!.GetValue<int>());
        Assert.Equal(2, standing["activeViolations"]!.AsArray().Count);
        Assert.Equal(18, standing["pointsExpiring"]!.AsArray().Sum(e => e!["points"]!.GetValue<int>()));
    }

    [Fact]
    public async Task An_appeal_granted_takes_the_points_off()
    {
        var issuedAt = DateTimeOffset.UtcNow.AddDays(-1);
        await app.PostWebhookAsync(Violation("e2e-evt-3", "e2e-creator-2", "e2e-v-3", "dangerous-acts", issuedAt));
        var overturn = new JsonObject
        {
            ["eventId"] = "e2e-evt-4",
            ["type"] = "violation.overturned",
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["violation"] = new JsonObject { ["id"] = "e2e-v-3", ["creatorId"] = "e2e-creator-2" },
        }.ToJsonString();

        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(overturn)).StatusCode);

        var standing = await app.JsonAsync(await app.Http.GetAsync("/api/creators/e2e-creator-2/standing"));
        Assert.Equal(0, standing["activePoints"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_erased_creator_reads_as_unknown_and_their_late_events_are_ignored()
    {
        var issuedAt = DateTimeOffset.UtcNow.AddDays(-1);
        await app.PostWebhookAsync(Violation("e2e-evt-6", "e2e-creator-4", "e2e-v-6", "dangerous-acts", issuedAt));

        var erased = await app.Http.DeleteAsync("/api/admin/creators/e2e-creator-4");
        var repeat = await app.Http.DeleteAsync("/api/admin/creators/e2e-creator-4");
        var late = await app.PostWebhookAsync(Violation("e2e-evt-7", "e2e-creator-4", "e2e-v-7", "dangerous-acts", issuedAt.AddHours(1)));

        Assert.Equal(HttpStatusCode.Accepted, erased.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        Assert.Equal("ignored", (await app.JsonAsync(late))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync("/api/creators/e2e-creator-4/standing")).StatusCode);
    }

    [Fact]
    public async Task A_secret_being_rotated_out_still_verifies()
    {
        var body = Violation("e2e-evt-5", "e2e-creator-3", "e2e-v-5", "spam-engagement-manipulation", DateTimeOffset.UtcNow);

        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(body, secret: "previous-secret")).StatusCode);
    }

    [Fact]
    public async Task Bad_or_stale_signatures_are_refused_and_nothing_is_stored()
    {
        var body = Violation("e2e-evt-6", "e2e-creator-4", "e2e-v-6", "dangerous-acts", DateTimeOffset.UtcNow);

        var wrongSecret = await app.PostWebhookAsync(body, secret: "guessed");
        var stale = await app.PostWebhookAsync(body, timestamp: DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds());
        var unsigned = await app.Http.PostAsync("/api/webhooks/platform", new StringContent(body));

        Assert.All([wrongSecret, stale, unsigned], r =>
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        });
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync("/api/creators/e2e-creator-4/standing")).StatusCode);
    }

    [Fact]
    public async Task Invalid_payloads_get_problem_details_naming_the_fields()
    {
        var response = await app.PostWebhookAsync("""{"eventId":"e2e-evt-7","type":"violation.issued","occurredAt":"yesterday","violation":{"creatorId":"c"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await app.JsonAsync(response))["errors"]!.AsObject();
        Assert.Contains("occurredAt", errors.Select(e => e.Key));
        Assert.Contains("violation.policyCode", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task An_unknown_creator_is_404_and_health_is_200()
    {
        var unknown = await app.Http.GetAsync("/api/creators/e2e-nobody/standing");
        var health = await app.Http.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
