using System.Net;
using System.Net.Http.Headers;
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
