using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// RFC 8058 over HTTP against the local runtime: a weekly report email's <c>List-Unsubscribe</c> URL, POSTed the way a
/// mailbox does, turns weekly reports off for that creator, so the next run sends them nothing.
/// </summary>
public sealed class OneClickUnsubscribeEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string CreatorId = "e2e-unsub";
    private const string Address = "unsub@shop.example";

    private static string Profile() => new JsonObject
    {
        ["eventId"] = "e2e-unsub-profile",
        ["type"] = "creator.upserted",
        ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("O"),
        ["creator"] = new JsonObject { ["id"] = CreatorId, ["email"] = Address, ["displayName"] = "Uma Unsub", ["timeZone"] = "Europe/Lisbon" },
    }.ToJsonString();

    private static string Violation(DateTimeOffset issuedAt) => new JsonObject
    {
        ["eventId"] = "e2e-unsub-v1",
        ["type"] = "violation.issued",
        ["occurredAt"] = issuedAt.ToString("O"),
        ["violation"] = new JsonObject
        {
            ["id"] = "unsub-v1",
            ["creatorId"] = CreatorId,
            ["policyCode"] = "misleading-product-claims",
            ["surface"] = "video",
            ["contentId"] = "video-unsub-1",
            ["issuedAt"] = issuedAt.ToString("O"),
        },
    }.ToJsonString();

    private static bool IsReportTo(CapturedRequest request) =>
        request.Body.Contains(Address, StringComparison.Ordinal) && request.Json.GetProperty("categories")[0].GetString() == "weekly-report";

    [Fact]
    public async Task Posting_a_weekly_reports_List_Unsubscribe_URL_one_click_means_the_next_run_sends_that_creator_nothing()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Profile())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Violation(now.AddDays(-3)))).StatusCode);

        // This week's run: the report goes out with the one-click headers.
        var firstRun = now.AddDays(-1);
        Assert.Equal(HttpStatusCode.Accepted, (await app.Http.PostAsJsonAsync("/api/admin/weekly-reports", new { periodEnd = firstRun.ToString("O") })).StatusCode);
        var email = (await app.WaitForEmailAsync(IsReportTo, $"weekly report email to {Address}")).Json;
        var headers = email.GetProperty("headers");
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        var listUnsubscribe = headers.GetProperty("List-Unsubscribe").GetString()!;
        Assert.StartsWith("<https://", listUnsubscribe);
        var url = new Uri(listUnsubscribe.Trim('<', '>'));

        // A person opening the link gets a confirm button; nothing changes on a GET.
        var page = await app.Anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", await page.Content.ReadAsStringAsync());

        // A forged token does nothing.
        var forged = url.PathAndQuery[..^4] + "AAAA";
        Assert.Equal(HttpStatusCode.Forbidden, (await OneClickAsync(forged)).StatusCode);

        // What a mailbox sends when its reader presses "Unsubscribe" (RFC 8058 §3.2): no cookie, no token but the URL's.
        var unsubscribed = await OneClickAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, unsubscribed.StatusCode);

        // The next run: the creator is still reported on, and their report email is settled "suppressed: opted out", unsent.
        Assert.Equal(HttpStatusCode.Accepted, (await app.Http.PostAsJsonAsync("/api/admin/weekly-reports", new { periodEnd = now.ToString("O") })).StatusCode);
        var record = await SettledAsync(EmailKeys.WeeklyReport(Instant.FromDateTimeOffset(now)));
        Assert.Equal((DeliveryStatus.Suppressed, SuppressionReason.OptedOut), (record.Status, record.Suppression!.Value));
        Assert.Single(app.SendGrid.Requests, IsReportTo);
    }

    private Task<HttpResponseMessage> OneClickAsync(string pathAndQuery) =>
        app.Anonymous.PostAsync(pathAndQuery, new FormUrlEncodedContent([KeyValuePair.Create("List-Unsubscribe", "One-Click")]));

    /// <summary>The creator's report email of a run once the run has settled it (waits up to 30 s: the run is asynchronous).</summary>
    private async Task<DeliveryRecord> SettledAsync(string key)
    {
        var ledger = app.Services.GetRequiredService<NotificationLedger>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await ledger.ReadAsync(CreatorId, key, CancellationToken.None) is { IsSettled: true } settled)
            {
                return settled;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The report email {key} of {CreatorId} was not settled within 30 s.");
    }
}
