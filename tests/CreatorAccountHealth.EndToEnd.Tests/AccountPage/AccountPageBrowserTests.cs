using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Policies;
using CreatorAccountHealth.TestSupport;
using CreatorAccountHealth.TestSupport.Browser;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CreatorAccountHealth.EndToEnd.Tests.AccountPage;

/// <summary>
/// The creator's Account Standing page in a real browser (Playwright driving Debian's chromium) against the local
/// runtime: from the link in an email to the page, the quiz taken with the keyboard alone, a workshop accepted and a
/// slot booked, email preferences, one-click unsubscribe, and links that must not open. Every state of every page is
/// shown 320 CSS pixels wide and must pass axe-core's WCAG 2.2 A/AA rules without sideways scrolling; its screenshot
/// is kept in artifacts/screenshots/account-page.
/// </summary>
public sealed partial class AccountPageBrowserTests(RunningApp app, ITestOutputHelper output) : IClassFixture<RunningApp>
{
    private const string Area = "account-page";

    [Fact]
    public async Task From_the_alert_emails_link_the_quiz_taken_with_the_keyboard_alone_takes_a_point_off()
    {
        const string creator = "page-ada";
        var policy = new PolicyCatalogOptions().Load().Get("dangerous-acts");
        await ProfileAsync(creator, "ada@page.example", "Ada Lovelace");
        // Two violations, 20 points: past the formal warning at 12, which sends the alert email.
        await ViolationAsync(creator, "page-ada-v1", "dangerous-acts", DateTimeOffset.UtcNow.AddHours(-3));
        await ViolationAsync(creator, "page-ada-v2", "dangerous-acts", DateTimeOffset.UtcNow.AddHours(-2));
        var alert = await app.WaitForEmailToAsync("ada@page.example");

        // The email's own link, opened: exchanged for the session, then the page without the token.
        await using var tab = await OpenAsync();
        var page = tab.Page;
        await page.GotoAsync(Local(EmailLink(alert, "See your Account Standing")));
        await EnsureOnAsync(page, "/api/account");
        await tab.CheckStateAsync("quiz-1-account");
        await Expect(page.Locator("#standing .big")).ToHaveTextAsync("20 points");

        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Link, new() { Name = $"Take the {policy.Title} quiz" }).And(page.Locator("[href$='/quizzes/page-ada-v1']")));
        Assert.EndsWith("/api/account/quizzes/page-ada-v1", new Uri(page.Url).AbsolutePath);
        await tab.CheckStateAsync("quiz-2-start");

        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Start an attempt" }));
        await tab.CheckStateAsync("quiz-3-questions");

        // Each question's right answer, found by its text in the catalog the app ships, chosen with Space and arrows.
        var bank = policy.QuizBank;
        var questions = page.Locator("fieldset");
        Assert.Equal(3, await questions.CountAsync());
        for (var i = 0; i < 3; i++)
        {
            var legend = await questions.Nth(i).Locator("legend").InnerTextAsync();
            var question = bank.Single(q => legend.EndsWith(q.Text, StringComparison.Ordinal));
            var labels = await questions.Nth(i).Locator("label").AllInnerTextsAsync();
            var right = labels.ToList().IndexOf(question.Options.Single(o => o.Id == question.CorrectOptionId).Text);
            Assert.True(right >= 0, $"The right answer to '{question.Text}' is not offered: {string.Join(" | ", labels)}");
            await KeyboardOnly.ChooseAsync(page, questions.Nth(i).Locator("input[type=radio]"), right);
        }

        await tab.CheckStateAsync("quiz-4-answered");
        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }));
        await tab.CheckStateAsync("quiz-5-result");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 of 3 correct: passed.");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("One point was taken off this violation.");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You now have 19 points active");

        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Back to your account" }));
        await Expect(page.Locator("#standing .big")).ToHaveTextAsync("19 points");
        await tab.CheckStateAsync("quiz-6-account-after");
        var standing = await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{creator}/standing"));
        Assert.Equal(19, standing["activePoints"]!.GetValue<int>());

        // The other violation's quiz, answered wrongly: not passed, and the page says why no point came off.
        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Link, new() { Name = $"Take the {policy.Title} quiz" }).And(page.Locator("[href$='/quizzes/page-ada-v2']")));
        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Start an attempt" }));
        for (var i = 0; i < 3; i++)
        {
            var legend = await questions.Nth(i).Locator("legend").InnerTextAsync();
            var question = bank.Single(q => legend.EndsWith(q.Text, StringComparison.Ordinal));
            var labels = (await questions.Nth(i).Locator("label").AllInnerTextsAsync()).ToList();
            var wrong = labels.FindIndex(l => l != question.Options.Single(o => o.Id == question.CorrectOptionId).Text);
            await KeyboardOnly.ChooseAsync(page, questions.Nth(i).Locator("input[type=radio]"), wrong);
        }

        await KeyboardOnly.ActivateAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Send my answers" }));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("0 of 3 correct: not passed");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Not passed, so no point came off");
        await tab.CheckStateAsync("quiz-7-not-passed");
        Assert.Equal(19, (await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{creator}/standing")))["activePoints"]!.GetValue<int>());

        // The email's quiz link, opened afresh (another device, say), lands on that violation's quiz.
        await using var elsewhere = await OpenAsync();
        await elsewhere.Page.GotoAsync(Local(EmailLink(alert, "Take the quiz")));
        Assert.Matches("^/api/account/quizzes/page-ada-v[12]$", new Uri(elsewhere.Page.Url).AbsolutePath);
        await Expect(elsewhere.Page.Locator("main h1")).ToHaveTextAsync($"{policy.Title} quiz");
        await elsewhere.CheckStateAsync("quiz-8-from-the-emails-quiz-link");
    }

    [Fact]
    public async Task A_workshop_is_accepted_with_a_team_pick_and_a_slot_booked_from_the_page()
    {
        const string creator = "page-grace";
        await ProfileAsync(creator, "grace@page.example", "Grace Hopper");
        var start = DateTimeOffset.UtcNow.AddDays(10);
        var created = await app.Http.PostAsJsonAsync("/api/admin/trainings", new
        {
            title = "Live selling clinic",
            city = "Berlin",
            venue = "Alexanderplatz 1, Berlin",
            startsAt = start.ToString("O"),
            endsAt = start.AddHours(6).ToString("O"),
            timeZone = "Europe/Berlin",
            capacity = 10,
            agenda = "Mock livestreams, then team tables.",
            teams = new[] { new { team = "policy", topics = new[] { "dangerous acts" } }, new { team = "education", topics = new[] { "policy academy" } } },
            mockLivestreamSlots = new { count = 4, minutes = 20 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var trainingId = (await app.JsonAsync(created))["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await app.Http.PostAsJsonAsync($"/api/admin/trainings/{trainingId}/invitations", new { creatorIds = new[] { creator } })).StatusCode);

        await using var tab = await EmbeddedAsync(creator);
        var page = tab.Page;
        var workshop = page.Locator($"#workshop-{trainingId}");
        await Expect(workshop).ToContainTextAsync("Live selling clinic");
        await tab.CheckStateAsync("workshop-1-invited");

        await KeyboardOnly.TabToAsync(page, workshop.GetByRole(AriaRole.Checkbox, new() { Name = "policy (dangerous acts)", Exact = true }));
        await page.Keyboard.PressAsync("Space");
        await KeyboardOnly.ActivateAsync(page, workshop.GetByRole(AriaRole.Button, new() { Name = "Accept invitation" }));
        await tab.CheckStateAsync("workshop-2-registered");

        var slots = workshop.Locator("input[type=radio][name=slotId]");
        await KeyboardOnly.ChooseAsync(page, slots, 1);
        await KeyboardOnly.ActivateAsync(page, workshop.GetByRole(AriaRole.Button, new() { Name = "Book this slot" }));
        await Expect(workshop).ToContainTextAsync("Your mock livestream slot:");
        await tab.CheckStateAsync("workshop-3-slot-booked");

        var mine = (await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{creator}/trainings")))["items"]![0]!;
        Assert.Equal("registered", mine["status"]!.GetValue<string>());
        Assert.Equal("policy", mine["teams"]![0]!.GetValue<string>());
        Assert.Equal("slot-2", mine["slotId"]!.GetValue<string>());

        // The calendar file the page links to, fetched with the page's own session.
        var href = await workshop.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("Add to calendar") }).GetAttributeAsync("href");
        var ics = await tab.Context.APIRequest.GetAsync(href!);
        Assert.Equal(200, ics.Status);
        Assert.StartsWith("text/calendar", ics.Headers["content-type"]);
        Assert.Contains($"UID:training-{trainingId}@", await ics.TextAsync());

        await KeyboardOnly.ActivateAsync(page, workshop.GetByRole(AriaRole.Button, new() { Name = "Give up my place" }));
        await tab.CheckStateAsync("workshop-4-withdrawn");
        Assert.NotEqual("registered", (await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{creator}/trainings")))["items"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task What_cant_be_shown_gets_a_page_that_says_what_to_do()
    {
        const string creator = "page-ola";
        await ProfileAsync(creator, "ola@page.example", "Ola Nordmann");
        await ViolationAsync(creator, "page-ola-v1", "misleading-product-claims", DateTimeOffset.UtcNow.AddDays(-1));

        await using var tab = await EmbeddedAsync(creator);
        foreach (var (path, status, name) in new[]
        {
            ("/api/account/reports/no-such-report", 404, "error-1-unknown-report"),
            ("/api/account/quizzes/no-such-violation", 404, "error-2-unknown-quiz"),
            ("/api/account/workshops/no-such-workshop/calendar.ics", 404, "error-3-unknown-workshop"),
        })
        {
            var response = await tab.Page.GotoAsync(path);
            Assert.Equal(status, response!.Status);
            await tab.CheckStateAsync(name);
            await Expect(tab.Page.Locator("main a").First).ToBeVisibleAsync();
        }

        // Someone the platform let in, with nothing on record here.
        await using var nobody = await EmbeddedAsync("page-nobody-on-record");
        await Expect(nobody.Page.Locator("main h1")).ToHaveTextAsync("Nothing on record for your account");
        await nobody.CheckStateAsync("error-4-nothing-on-record");
    }

    // ------------------------------------------------------------------------------------------------------------

    private Task<BrowserTab> OpenAsync(Dictionary<string, string>? headers = null) =>
        SharedBrowser.OpenTabAsync(Area, output, width: 320, height: 640, new BrowserNewContextOptions { BaseURL = app.Http.BaseAddress!.ToString(), ExtraHTTPHeaders = headers });

    /// <summary>A tab as a platform embedding the page opens it: the creator's bearer token on every request, no link, no cookie.</summary>
    private async Task<BrowserTab> EmbeddedAsync(string creatorId)
    {
        var tab = await OpenAsync(new() { ["Authorization"] = "Bearer " + CallerTokens.Creator(creatorId, DateTimeOffset.UtcNow) });
        await tab.Page.GotoAsync("/api/account");
        await EnsureOnAsync(tab.Page, "/api/account");
        return tab;
    }

    /// <summary>A tab signed in the way support does it: the back office's account link, opened.</summary>
    private async Task<BrowserTab> SignedInAsync(string creatorId)
    {
        var response = await app.Http.PostAsync($"/api/admin/creators/{creatorId}/account-link", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = new Uri((await app.JsonAsync(response))["url"]!.GetValue<string>());
        var tab = await OpenAsync();
        await tab.Page.GotoAsync(Local(url));
        await EnsureOnAsync(tab.Page, "/api/account");
        return tab;
    }

    /// <summary>The link was exchanged: the page is <paramref name="path"/>, and its address no longer carries the token.</summary>
    private static async Task EnsureOnAsync(IPage page, string path)
    {
        Assert.Equal(path, new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain("token", page.Url, StringComparison.OrdinalIgnoreCase);
        await Expect(page.Locator("main h1")).ToBeVisibleAsync();
    }

    /// <summary>The link an email's HTML carries under <paramref name="text"/> (a signed <c>/api/account/enter</c> link for the page's).</summary>
    private static Uri EmailLink(CapturedRequest email, string text)
    {
        var html = email.Json.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString()!;
        var link = Regex.Match(html, "<a href=\"([^\"]+)\"[^>]*>" + Regex.Escape(text) + "</a>");
        Assert.True(link.Success, $"The email has no '{text}' link.");
        var url = new Uri(WebUtility.HtmlDecode(link.Groups[1].Value));
        Assert.Equal("/api/account/enter", url.AbsolutePath);
        return url;
    }

    /// <summary>The same path and query on the app under test (links carry App__PublicBaseUrl, a host the tests don't run on).</summary>
    private string Local(Uri link) => new Uri(app.Http.BaseAddress!, link.PathAndQuery).AbsoluteUri;

    private static string? Category(CapturedRequest email) =>
        email.Json.TryGetProperty("categories", out var categories) ? categories[0].GetString() : null;

    private static bool IsReportTo(CapturedRequest email, string address) =>
        email.Body.Contains(address, StringComparison.Ordinal) && Category(email) == "weekly-report";

    /// <summary>The email's List-Unsubscribe header, wherever in the SendGrid request it was set.</summary>
    private static string UnsubscribeHeader(CapturedRequest email)
    {
        foreach (var holder in new[] { email.Json }.Concat(email.Json.GetProperty("personalizations").EnumerateArray()))
        {
            if (holder.TryGetProperty("headers", out var headers) && headers.TryGetProperty("List-Unsubscribe", out var value))
            {
                Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
                return value.GetString()!;
            }
        }

        throw new Xunit.Sdk.XunitException($"The email has no List-Unsubscribe header: {email.Body}");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private async Task ProfileAsync(string creatorId, string email, string name) =>
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(new JsonObject
        {
            ["eventId"] = $"{creatorId}-profile",
            ["type"] = "creator.upserted",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-30).ToString("O"),
            ["creator"] = new JsonObject { ["id"] = creatorId, ["email"] = email, ["displayName"] = name, ["timeZone"] = "Europe/Berlin" },
        }.ToJsonString())).StatusCode);

    private async Task ViolationAsync(string creatorId, string violationId, string policy, DateTimeOffset issuedAt) =>
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(new JsonObject
        {
            ["eventId"] = $"{violationId}-issued",
            ["type"] = "violation.issued",
            ["occurredAt"] = issuedAt.ToString("O"),
            ["violation"] = new JsonObject
            {
                ["id"] = violationId,
                ["creatorId"] = creatorId,
                ["policyCode"] = policy,
                ["surface"] = "livestream",
                ["contentId"] = $"{violationId}-live",
                ["issuedAt"] = issuedAt.ToString("O"),
            },
        }.ToJsonString())).StatusCode);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
