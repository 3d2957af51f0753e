using System.Text;
using System.Web;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Tests.Links;

/// <summary>One-click unsubscribe (RFC 8058) through the harness, against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class UnsubscribeEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private const string Creator = "c-unsub";
    private AppHarness app = null!;

    public async Task InitializeAsync()
    {
        app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p", Creator, "unsub@shop.example", "2026-11-20T00:00:00Z"));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private AccountLinks Links => app.Services.GetRequiredService<AccountLinks>();

    private static string TokenOf(Uri link) => HttpUtility.ParseQueryString(link.Query)[AccountLinks.TokenParameter]!;

    private async Task<EmailPreferences> PreferencesAsync() =>
        (await app.Services.GetRequiredService<ICreatorStore>().GetProfileAsync(Creator, CancellationToken.None))!.Emails;

    private HttpContext Request(string method, string? token, string? body = "List-Unsubscribe=One-Click", string contentType = "application/x-www-form-urlencoded")
    {
        var context = app.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body));
        context.Request.ContentType = body is null ? null : contentType;
        context.Request.QueryString = token is null ? QueryString.Empty : QueryString.Create(AccountLinks.TokenParameter, token);
        return context;
    }

    private Task<AppHarness.Response> PostAsync(string? token, string? body = "List-Unsubscribe=One-Click", string contentType = "application/x-www-form-urlencoded") =>
        app.InvokeAsync<UnsubscribeFunction>(Request(HttpMethods.Post, token, body, contentType), (f, r) => f.Unsubscribe(r, CancellationToken.None));

    private Task<AppHarness.Response> GetAsync(string? token) =>
        app.InvokeAsync<UnsubscribeFunction>(Request(HttpMethods.Get, token, body: null), (f, r) => f.Show(r));

    [Fact]
    public async Task The_one_click_post_turns_that_kind_off_at_once_and_nothing_else()
    {
        var response = await PostAsync(TokenOf(Links.UnsubscribeLink(Creator, EmailKind.WeeklyReport)));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.ContentType);
        Assert.Contains("You&#x27;re unsubscribed", response.Body);
        Assert.Equal(new EmailPreferences(MilestoneAlerts: true, WeeklyReports: false), await PreferencesAsync());

        Assert.Equal(200, (await PostAsync(TokenOf(Links.UnsubscribeLink(Creator, EmailKind.MilestoneAlert)))).Status);
        Assert.Equal(new EmailPreferences(false, false), await PreferencesAsync());
    }

    [Fact]
    public async Task Multipart_form_data_works_too_and_a_repeat_is_still_200()
    {
        var token = TokenOf(Links.UnsubscribeLink(Creator, EmailKind.MilestoneAlert));
        const string boundary = "----one-click";
        var multipart = $"--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--{boundary}--\r\n";

        Assert.Equal(200, (await PostAsync(token, multipart, $"multipart/form-data; boundary={boundary}")).Status);
        Assert.Equal(200, (await PostAsync(token)).Status);
        Assert.False((await PreferencesAsync()).MilestoneAlerts);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("List-Unsubscribe=Yes")]
    [InlineData("unsubscribe=1")]
    public async Task A_post_without_the_one_click_field_is_400_and_changes_nothing(string? body)
    {
        var response = await PostAsync(TokenOf(Links.UnsubscribeLink(Creator, EmailKind.WeeklyReport)), body);

        Assert.Equal(400, response.Status);
        Assert.Equal("Not a one-click unsubscribe", response.Json.GetProperty("title").GetString());
        Assert.True((await PreferencesAsync()).WeeklyReports);
    }

    [Fact]
    public async Task Opening_the_link_shows_a_confirm_button_and_changes_nothing()
    {
        var response = await GetAsync(TokenOf(Links.UnsubscribeLink(Creator, EmailKind.WeeklyReport)));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.ContentType);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"].ToString());
        Assert.Contains("<form method=\"post\">", response.Body);
        Assert.Contains("name=\"List-Unsubscribe\" value=\"One-Click\"", response.Body);
        Assert.Contains("Unsubscribe from weekly report emails", response.Body);
        Assert.Equal(EmailPreferences.All, await PreferencesAsync());
    }

    [Fact]
    public async Task A_forged_token_is_refused_403_problem_details_and_a_page_for_a_person()
    {
        var forged = new AccountLinks(
            Options.Create(new AppOptions { PublicBaseUrl = LinkTestSettings.PublicBaseUrl }),
            Options.Create(new AccountLinkOptions { SigningKeys = "an-attackers-own-secret-0123456789abcdefgh" }),
            app.Time,
            NullLogger<AccountLinks>.Instance).UnsubscribeLink(Creator, EmailKind.WeeklyReport);

        var post = await PostAsync(TokenOf(forged));
        var get = await GetAsync(TokenOf(forged));
        var none = await PostAsync(null);

        Assert.Equal((403, "linkInvalid"), (post.Status, post.Json.GetProperty("reason").GetString()));
        Assert.Equal(403, none.Status);
        Assert.Equal(403, get.Status);
        Assert.Contains("This unsubscribe link doesn&#x27;t work", get.Body);
        Assert.Equal(EmailPreferences.All, await PreferencesAsync());
    }

    [Fact]
    public async Task A_page_link_is_not_an_unsubscribe_link()
    {
        var response = await PostAsync(TokenOf(Links.PageLink(Creator)));

        Assert.Equal(403, response.Status);
        Assert.Equal(EmailPreferences.All, await PreferencesAsync());
    }

    [Fact]
    public async Task An_expired_link_is_410_and_a_page_that_says_what_to_do()
    {
        var token = TokenOf(Links.UnsubscribeLink(Creator, EmailKind.WeeklyReport));
        app.Time.Advance(TimeSpan.FromDays(60));

        var post = await PostAsync(token);
        var get = await GetAsync(token);

        Assert.Equal((410, "linkExpired"), (post.Status, post.Json.GetProperty("reason").GetString()));
        Assert.Equal(410, get.Status);
        Assert.Contains("This unsubscribe link has expired", get.Body);
        Assert.True((await PreferencesAsync()).WeeklyReports);
    }

    [Fact]
    public async Task A_creator_with_nothing_recorded_gets_200_and_nothing_is_stored()
    {
        var response = await PostAsync(TokenOf(Links.UnsubscribeLink("c-never-seen", EmailKind.WeeklyReport)));

        Assert.Equal(200, response.Status);
        Assert.Null(await app.Services.GetRequiredService<ICreatorStore>().ReadStoredAccountAsync("c-never-seen", CancellationToken.None));
    }
}
