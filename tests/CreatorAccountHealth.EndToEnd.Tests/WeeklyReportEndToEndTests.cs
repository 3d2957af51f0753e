using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// Events in through the webhook, a run started by hand, its shard messages worked off the in-process queue: the report
/// stored, emailed once through SendGrid's API, and served as JSON and as the email's HTML.
/// </summary>
public sealed class WeeklyReportEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string CreatorId = "e2e-rio";
    private const string Address = "rio@shop.example";

    private static string Json(JsonObject body) => body.ToJsonString();

    private static string Profile() => Json(new JsonObject
    {
        ["eventId"] = "e2e-report-profile",
        ["type"] = "creator.upserted",
        ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("O"),
        ["creator"] = new JsonObject { ["id"] = CreatorId, ["email"] = Address, ["displayName"] = "Rio Santos", ["timeZone"] = "Europe/Madrid" },
    });

    private static string Violation(DateTimeOffset issuedAt) => Json(new JsonObject
    {
        ["eventId"] = "e2e-report-v1",
        ["type"] = "violation.issued",
        ["occurredAt"] = issuedAt.ToString("O"),
        ["violation"] = new JsonObject
        {
            ["id"] = "rio-v1",
            ["creatorId"] = CreatorId,
            ["policyCode"] = "misleading-product-claims",
            ["surface"] = "video",
            ["contentId"] = "video-rio-1",
            ["issuedAt"] = issuedAt.ToString("O"),
        },
    });

    [Fact]
    public async Task A_run_started_by_hand_stores_the_report_emails_it_once_and_serves_it()
    {
        // Two days back is inside "the seven days before today" in any zone.
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Profile())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation(now.AddDays(-2)))).StatusCode);

        var started = await app.Http.PostAsJsonAsync("/api/admin/weekly-reports", new { periodEnd = now.ToString("O") });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(32, (await app.JsonAsync(started))["shards"]!.GetValue<int>());

        var email = (await app.WaitForEmailAsync(IsReportTo, $"weekly report email to {Address}")).Json;
        var reportId = email.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("reportId").GetString()!;
        var emailedHtml = email.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString()!;

        var json = await app.Http.GetAsync($"/api/creators/{CreatorId}/reports/{reportId}");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var report = await app.JsonAsync(json);
        Assert.Equal(reportId, report["reportId"]!.GetValue<string>());
        Assert.Equal(1, report["violations"]!["count"]!.GetValue<int>());

        var page = new HttpRequestMessage(HttpMethod.Get, $"/api/creators/{CreatorId}/reports/{reportId}");
        page.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var html = await app.Http.SendAsync(page);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);

        // The same report as emailed, without the email's links: the page link, quiz links, appeal links and unsubscribe
        // are for the inbox (each a signed token); whoever reads it here already holds the creator's token.
        var served = await html.Content.ReadAsStringAsync();
        Assert.Contains("See your Account Standing", emailedHtml);
        Assert.Contains("token=", emailedHtml);
        Assert.DoesNotContain("token=", served);
        Assert.DoesNotContain("See your Account Standing", served);
        Assert.Equal(WithoutLinks(emailedHtml), WithoutLinks(served));

        var list = await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{CreatorId}/reports"));
        Assert.Equal(reportId, list["items"]![0]!["reportId"]!.GetValue<string>());

        // The same run again: nothing more is sent.
        Assert.Equal(HttpStatusCode.Accepted, (await app.Http.PostAsJsonAsync("/api/admin/weekly-reports", new { periodEnd = now.ToString("O") })).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.SendGrid.Requests, IsReportTo);
    }

    /// <summary>The report's text: the HTML without tags and whitespace, and without the words the email's links add.</summary>
    private static string WithoutLinks(string html)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " ");
        foreach (var linkText in new[] { "See your Account Standing", "Take the quiz", "Appeal this violation", "Email preferences", "Unsubscribe from weekly reports", "&middot;" })
        {
            text = text.Replace(linkText, " ", StringComparison.Ordinal);
        }

        return System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
    }

    private static bool IsReportTo(CapturedRequest request) =>
        request.Body.Contains(Address, StringComparison.Ordinal) && request.Json.GetProperty("categories")[0].GetString() == "weekly-report";

}
