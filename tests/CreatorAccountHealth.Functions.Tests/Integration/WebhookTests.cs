using System.Text;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>The webhook and standing functions against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class WebhookTests(CosmosServer cosmos) : IAsyncLifetime
{
    private AppHarness app = null!;

    public async Task InitializeAsync() => app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());

    public async Task DisposeAsync() => await app.DisposeAsync();

    private async Task<AppHarness.Response> Post(HttpContext context) =>
        await app.InvokeAsync<PlatformWebhookFunction>(context, (f, r) => f.Run(r, CancellationToken.None));

    private async Task<AppHarness.Response> Standing(string creatorId)
    {
        var context = app.Request(HttpMethods.Get);
        return await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, creatorId, CancellationToken.None));
    }

    [Fact]
    public async Task A_new_event_is_accepted_and_a_repeat_answers_200_with_the_same_receipt()
    {
        var body = Events.ViolationIssued("evt-1", "creator-a", "v-1");

        var first = await Post(app.SignedWebhook(body));
        var repeat = await Post(app.SignedWebhook(body));

        Assert.Equal(202, first.Status);
        Assert.Equal(200, repeat.Status);
        Assert.Equal(first.Body, repeat.Body);
        Assert.Equal("evt-1", first.Json.GetProperty("eventId").GetString());
        Assert.Equal("v-1", first.Json.GetProperty("subjectId").GetString());
        Assert.Equal(10, (await Standing("creator-a")).Json.GetProperty("activePoints").GetInt32());
    }

    [Fact]
    public async Task The_same_violation_issued_under_a_new_event_id_changes_nothing()
    {
        await Post(app.SignedWebhook(Events.ViolationIssued("evt-1", "creator-a", "v-1")));
        var again = await Post(app.SignedWebhook(Events.ViolationIssued("evt-2", "creator-a", "v-1")));

        Assert.Equal(200, again.Status);
        Assert.Equal("evt-1", again.Json.GetProperty("eventId").GetString());
        Assert.Equal(10, (await Standing("creator-a")).Json.GetProperty("activePoints").GetInt32());
    }

    [Fact]
    public async Task An_overturn_that_arrives_before_its_violation_still_takes_the_points_off()
    {
        Assert.Equal(202, (await Post(app.SignedWebhook(Events.ViolationOverturned("evt-o", "creator-b", "v-9")))).Status);
        Assert.Equal(202, (await Post(app.SignedWebhook(Events.ViolationIssued("evt-i", "creator-b", "v-9")))).Status);
        Assert.Equal(202, (await Post(app.SignedWebhook(Events.ViolationIssued("evt-j", "creator-b", "v-10", policyCode: "deceptive-pricing")))).Status);

        var standing = (await Standing("creator-b")).Json;

        Assert.Equal(6, standing.GetProperty("activePoints").GetInt32());
        Assert.Equal(["v-10"], standing.GetProperty("activeViolations").EnumerateArray().Select(v => v.GetProperty("violationId").GetString()));
    }

    [Fact]
    public async Task The_standing_has_every_contract_field()
    {
        await Post(app.SignedWebhook(Events.CreatorUpserted("evt-p", "creator-c", "c@shop.example", "2026-11-01T00:00:00Z", "Asia/Tokyo")));
        await Post(app.SignedWebhook(Events.ViolationIssued("evt-1", "creator-c", "v-1", "counterfeit-goods", "2026-11-20T16:00:00Z")));

        var response = await Standing("creator-c");
        var standing = response.Json;

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType);
        Assert.Equal(24, standing.GetProperty("activePoints").GetInt32());
        Assert.Equal("suspension-7-days", standing.GetProperty("currentMilestone").GetProperty("key").GetString());
        Assert.False(string.IsNullOrEmpty(standing.GetProperty("currentMilestone").GetProperty("enforcement").GetString()));
        Assert.Equal("suspension-30-days", standing.GetProperty("nextMilestone").GetProperty("key").GetString());
        Assert.Equal(12, standing.GetProperty("pointsToNextMilestone").GetInt32());
        var violation = standing.GetProperty("activeViolations")[0];
        Assert.Equal("counterfeit-goods", violation.GetProperty("policyCode").GetString());
        Assert.Equal("livestream", violation.GetProperty("surface").GetString());
        Assert.Equal(24, violation.GetProperty("points").GetInt32());
        Assert.Equal("2027-02-18T16:00:00Z", violation.GetProperty("expiresAt").GetString());
        // 16:00 UTC is already the next day in Tokyo.
        var expiring = standing.GetProperty("pointsExpiring")[0];
        Assert.Equal("2027-02-19", expiring.GetProperty("date").GetString());
        Assert.Equal(24, expiring.GetProperty("points").GetInt32());
    }

    [Fact]
    public async Task A_creator_with_no_milestone_has_explicit_nulls()
    {
        await Post(app.SignedWebhook(Events.NoticeSent("evt-n", "creator-d", "n-1")));

        var standing = (await Standing("creator-d")).Json;

        Assert.Equal(0, standing.GetProperty("activePoints").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, standing.GetProperty("currentMilestone").ValueKind);
        Assert.Equal(12, standing.GetProperty("pointsToNextMilestone").GetInt32());
    }

    [Fact]
    public async Task An_unknown_creator_is_404_problem_details()
    {
        var response = await Standing("nobody");

        Assert.Equal(404, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal(404, response.Json.GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData(null)]
    public async Task A_bad_or_missing_signature_is_401_and_nothing_is_stored(string? secret)
    {
        var context = app.SignedWebhook(Events.ViolationIssued("evt-x", "creator-e", "v-x"), secret ?? AppHarness.Secret);
        if (secret is null)
        {
            context.Request.Headers.Remove(WebhookSignatureVerifier.SignatureHeader);
        }

        var response = await Post(context);

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal(404, (await Standing("creator-e")).Status);
    }

    [Fact]
    public async Task A_stale_signature_is_refused()
    {
        var context = app.SignedWebhook(Events.ViolationIssued("evt-x", "creator-e", "v-x"));
        app.Time.Advance(TimeSpan.FromSeconds(301));

        Assert.Equal(401, (await Post(context)).Status);
    }

    [Fact]
    public async Task An_invalid_payload_is_400_naming_every_field_and_nothing_is_stored()
    {
        var body = Events.ViolationIssued("evt-y", "creator-f", "v-y", policyCode: "jaywalking", surface: "radio");

        var response = await Post(app.SignedWebhook(body));

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        var errors = response.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("violation.policyCode", out _));
        Assert.True(errors.TryGetProperty("violation.surface", out _));
        Assert.Equal(404, (await Standing("creator-f")).Status);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        var padding = new string(' ', 64 * 1024);
        var body = Events.ViolationIssued("evt-z", "creator-g", "v-z").Replace("{\"eventId\"", "{" + padding + "\"eventId\"");

        var response = await Post(app.SignedWebhook(body));

        Assert.Equal(413, response.Status);
        Assert.Equal(404, (await Standing("creator-g")).Status);
    }

    [Fact]
    public async Task A_body_of_exactly_64_KiB_is_accepted()
    {
        var json = Events.ViolationIssued("evt-64", "creator-h", "v-64");
        var body = json.Replace("{\"eventId\"", "{" + new string(' ', (64 * 1024) - Encoding.UTF8.GetByteCount(json)) + "\"eventId\"");

        Assert.Equal(64 * 1024, Encoding.UTF8.GetByteCount(body));
        Assert.Equal(202, (await Post(app.SignedWebhook(body))).Status);
    }

    [Fact]
    public async Task Profile_updates_arriving_out_of_order_end_with_the_latest()
    {
        await Post(app.SignedWebhook(Events.CreatorUpserted("evt-new", "creator-i", "new@shop.example", "2026-11-20T00:00:00Z", "Europe/Paris")));
        await Post(app.SignedWebhook(Events.CreatorUpserted("evt-old", "creator-i", "old@shop.example", "2026-11-10T00:00:00Z", "America/New_York")));

        var history = await app.Services.GetRequiredService<ICreatorStore>().LoadAccountAsync("creator-i", CancellationToken.None);

        Assert.Equal("new@shop.example", history.Profile?.Email);
        Assert.Equal("Europe/Paris", history.Profile?.TimeZoneId);
    }

    [Fact]
    public async Task One_creators_events_never_show_in_anothers_history()
    {
        await Post(app.SignedWebhook(Events.ViolationIssued("evt-1", "creator-j", "v-1")));
        await Post(app.SignedWebhook(Events.NoticeSent("evt-2", "creator-k", "n-1")));

        var history = await app.Services.GetRequiredService<ICreatorStore>().LoadAccountAsync("creator-k", CancellationToken.None);

        Assert.Empty(history.Violations);
        Assert.Single(history.Notices);
    }
}
