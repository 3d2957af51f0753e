using System.Net;
using System.Text.Json.Nodes;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>Signed violations in, one alert email out: webhook → Cosmos → queue → SendAlertEmail → SendGrid's API.</summary>
public sealed class MilestoneAlertEmailTests(RunningApp app) : IClassFixture<RunningApp>
{
    private static string Creator(string creatorId, string email) => new JsonObject
    {
        ["eventId"] = "e2e-profile-" + creatorId,
        ["type"] = "creator.upserted",
        ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("O"),
        ["creator"] = new JsonObject { ["id"] = creatorId, ["email"] = email, ["displayName"] = "Mia <Live> Seller", ["timeZone"] = "Europe/Madrid" },
    }.ToJsonString();

    private static string Violation(string creatorId, string id, string policyCode) => new JsonObject
    {
        ["eventId"] = "e2e-" + id,
        ["type"] = "violation.issued",
        ["occurredAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        ["violation"] = new JsonObject
        {
            ["id"] = id,
            ["creatorId"] = creatorId,
            ["policyCode"] = policyCode,
            ["surface"] = "livestream",
            ["contentId"] = "live-" + id,
            ["issuedAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"),
        },
    }.ToJsonString();

    [Fact]
    public async Task Crossing_a_milestone_emails_the_creator_once()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Creator("e2e-mia", "mia@shop.example"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation("e2e-mia", "mia-v1", "deceptive-pricing"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation("e2e-mia", "mia-v2", "deceptive-pricing"))).StatusCode);

        var email = await app.WaitForEmailToAsync("mia@shop.example");

        Assert.Equal("/v3/mail/send", email.Path);
        Assert.Equal("Bearer e2e-sendgrid-key", email.Header("Authorization"));
        var mail = email.Json;
        Assert.Contains("formal warning", mail.GetProperty("subject").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("alert-", mail.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("alertId").GetString());
        var html = mail.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString();
        Assert.Contains("Mia &lt;Live&gt; Seller", html);

        // The same violation again, and a later one that crosses nothing: still one email.
        Assert.Equal(HttpStatusCode.OK, (await app.PostWebhookAsync(Violation("e2e-mia", "mia-v2", "deceptive-pricing"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation("e2e-mia", "mia-v3", "unattended-livestream"))).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.SendGrid.Requests, r => r.Body.Contains("mia@shop.example"));
    }
}
