using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// The creator's Account Standing page through the local runtime over HTTP, as a browser or an embedding app uses it:
/// the page, a quiz taken in it (Post/Redirect/Get, anti-forgery token from the form) and the standing dropping a point.
/// </summary>
public sealed class AccountPageEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task An_embedding_app_with_the_creators_token_takes_the_quiz_in_the_page_and_the_standing_drops_a_point()
    {
        const string CreatorId = "e2e-page-quiz";
        await SeedAsync(CreatorId);
        using var browser = Browser(CallerTokens.Creator(CreatorId, DateTimeOffset.UtcNow));

        var overview = await PageAsync(browser, "/api/account");
        Assert.Contains("10 points", Text(overview, "#standing"));
        var quizHref = overview.QuerySelector("#quizzes a")!.GetAttribute("href")!;
        var quiz = await PageAsync(browser, quizHref);
        var started = await SubmitAsync(browser, quiz.QuerySelector("form")!, []);
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);

        var attempt = await PageAsync(browser, started.Headers.Location!.ToString());
        var form = attempt.QuerySelector("form")!;
        var bank = app.Services.GetRequiredService<PolicyCatalog>().Get("dangerous-acts").QuizBank;
        var answers = form.QuerySelectorAll("fieldset").Select(f =>
        {
            var name = f.QuerySelector("input[type=radio]")!.GetAttribute("name")!;
            return (name, bank.Single(q => "answer-" + q.Id == name).CorrectOptionId);
        }).ToArray();
        var graded = await SubmitAsync(browser, form, answers);

        Assert.Equal(HttpStatusCode.SeeOther, graded.StatusCode);
        var result = await PageAsync(browser, graded.Headers.Location!.ToString());
        Assert.Contains("One point was taken off this violation.", Text(result, "main"));
        Assert.Contains("9 points", Text(await PageAsync(browser, "/api/account"), "#standing"));
    }

    [Fact]
    public async Task A_signed_link_signs_the_browser_in_and_the_creator_accepts_a_workshop_books_a_slot_and_turns_reports_off()
    {
        const string CreatorId = "e2e-page-link";
        await SeedAsync(CreatorId);
        var start = DateTimeOffset.UtcNow.AddDays(10);
        var created = await app.Http.PostAsJsonAsync("/api/admin/trainings", new
        {
            title = "Live selling clinic", city = "Berlin", venue = "Alexanderplatz 1", startsAt = start.ToString("O"), endsAt = start.AddHours(6).ToString("O"),
            timeZone = "Europe/Berlin", capacity = 10, agenda = "Mock livestreams", teams = new[] { new { team = "policy", topics = new[] { "dangerous acts" } } },
            mockLivestreamSlots = new { count = 4, minutes = 20 },
        });
        var trainingId = (await app.JsonAsync(created))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsJsonAsync($"/api/admin/trainings/{trainingId}/invitations", new { creatorIds = new[] { CreatorId } })).StatusCode);
        var link = await app.Http.PostAsync($"/api/admin/creators/{CreatorId}/account-link", null);
        var url = new Uri((await app.JsonAsync(link))["url"]!.GetValue<string>());
        using var browser = Browser();

        using var entered = await browser.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.SeeOther, entered.StatusCode);
        Assert.Equal("/api/account", entered.Headers.Location!.ToString());
        var setCookie = Assert.Single(entered.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // http://127.0.0.1: local development
        var page = await PageAsync(browser, "/api/account");
        var workshop = page.QuerySelector($"#workshop-{trainingId}")!;
        Assert.Contains("You're invited", workshop.TextContent);

        var accepted = await SubmitAsync(browser, workshop.QuerySelector("form")!, [("decision", "accept"), ("team", "policy")]);
        Assert.Equal(HttpStatusCode.SeeOther, accepted.StatusCode);
        page = await PageAsync(browser, accepted.Headers.Location!.ToString());
        workshop = page.QuerySelector($"#workshop-{trainingId}")!;
        Assert.Contains("You have a seat.", workshop.TextContent);
        var slotForm = workshop.QuerySelectorAll("form").Single(f => f.GetAttribute("action")!.EndsWith("/slot", StringComparison.Ordinal));
        var booked = await SubmitAsync(browser, slotForm, [("slotId", "slot-1")]);
        Assert.Equal(HttpStatusCode.SeeOther, booked.StatusCode);
        Assert.Contains("Your mock livestream slot:", Text(await PageAsync(browser, "/api/account"), $"#workshop-{trainingId}"));
        using var calendar = await browser.GetAsync($"/api/account/workshops/{trainingId}/calendar.ics");
        Assert.Equal("text/calendar", calendar.Content.Headers.ContentType?.MediaType);

        var reportsForm = (await PageAsync(browser, "/api/account")).QuerySelectorAll("#preferences form").Single(f => f.QuerySelector("input[name=kind]")!.GetAttribute("value") == "weeklyReports");
        var saved = await SubmitAsync(browser, reportsForm, []);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.False((await PageAsync(browser, "/api/account")).QuerySelector("#pref-weekly-reports")!.HasAttribute("checked"));

        using var anotherBrowser = Browser();
        using var refused = await anotherBrowser.GetAsync("/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task SeedAsync(string creatorId)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(new JsonObject
        {
            ["eventId"] = "profile-" + creatorId,
            ["type"] = "creator.upserted",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-2).ToString("O"),
            ["creator"] = new JsonObject { ["id"] = creatorId, ["email"] = creatorId + "@shop.example", ["displayName"] = "Page Tester", ["timeZone"] = "Europe/Berlin" },
        }.ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(new JsonObject
        {
            ["eventId"] = "violation-" + creatorId,
            ["type"] = "violation.issued",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            ["violation"] = new JsonObject
            {
                ["id"] = "v1", ["creatorId"] = creatorId, ["policyCode"] = "dangerous-acts", ["surface"] = "livestream",
                ["contentId"] = "live-1", ["issuedAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            },
        }.ToJsonString())).StatusCode);
    }

    /// <summary>A client of its own (its own cookies), redirects not followed, every answer checked against the contract.</summary>
    private HttpClient Browser(string? bearer = null)
    {
        var client = new HttpClient(new ContractValidatingHandler(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }))
        {
            BaseAddress = app.Http.BaseAddress,
        };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    private static async Task<IDocument> PageAsync(HttpClient browser, string path)
    {
        using var response = await browser.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return new HtmlParser().ParseDocument(body);
    }

    /// <summary>Submits a form as a browser would: its hidden fields plus the chosen values.</summary>
    private static Task<HttpResponseMessage> SubmitAsync(HttpClient browser, IElement form, (string Name, string Value)[] chosen)
    {
        var fields = form.QuerySelectorAll("input[type=hidden]").Select(i => KeyValuePair.Create(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Concat(chosen.Select(c => KeyValuePair.Create(c.Name, c.Value)));
        return browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));
    }

    private static string Text(IDocument page, string selector) =>
        string.Join(' ', (page.QuerySelector(selector)?.TextContent ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
