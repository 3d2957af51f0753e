using System.Web;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Links;

/// <summary>The admin account-link route and the creator's email choices, against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class AccountLinkEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private readonly CosmosRequestLog log = new();
    private AppHarness app = null!;

    public async Task InitializeAsync() =>
        app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), configure: s => s.AddSingleton<RequestHandler>(log));

    public async Task DisposeAsync() => await app.DisposeAsync();

    private EmailPreferencesService Preferences => app.Services.GetRequiredService<EmailPreferencesService>();

    private Task<AppHarness.Response> CreateLinkAsync(string creatorId, string? authorization = null)
    {
        var context = app.Request(HttpMethods.Post);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return app.InvokeAsync<AccountLinkFunction>(context, (f, r) => f.Run(r, creatorId, CancellationToken.None));
    }

    [Fact]
    public async Task The_back_office_gets_a_signed_page_link_for_a_known_creator()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p", "c-link", "link@shop.example", "2026-11-20T00:00:00Z"));

        var response = await CreateLinkAsync("c-link");

        Assert.Equal(200, response.Status);
        var url = new Uri(response.Json.GetProperty("url").GetString()!);
        Assert.Equal(LinkTestSettings.PublicBaseUrl + AccountLinks.EnterPath, url.GetLeftPart(UriPartial.Path));
        Assert.Equal(app.Time.GetUtcNow().AddDays(14), response.Json.GetProperty("expiresAt").GetDateTimeOffset());
        var check = await app.Services.GetRequiredService<AccountLinks>().VerifyAsync(HttpUtility.ParseQueryString(url.Query)["token"], LinkPurpose.Account);
        Assert.Equal("c-link", Assert.IsType<LinkTokenCheck.Valid>(check).CreatorId);
    }

    [Fact]
    public async Task An_unknown_creator_is_404_problem_details()
    {
        var response = await CreateLinkAsync("c-nobody");

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json; charset=utf-8", response.ContentType);
        Assert.Equal("Unknown creator", response.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Only_the_back_office_may_ask()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p", "c-link", "link@shop.example", "2026-11-20T00:00:00Z"));

        Assert.Equal(401, (await CreateLinkAsync("c-link", authorization: "")).Status);
        Assert.Equal(403, (await CreateLinkAsync("c-link", authorization: "Bearer " + CallerTokens.Creator("c-link", app.Time.GetUtcNow()))).Status);
    }

    [Fact]
    public async Task A_choice_is_one_point_read_and_one_replace_and_the_email_path_reads_it_with_the_profile()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p", "c-pref", "pref@shop.example", "2026-11-20T00:00:00Z"));
        log.Clear();

        var outcome = await Preferences.SetAsync("c-pref", EmailKind.WeeklyReport, false, EmailChoiceSource.Page, CancellationToken.None);

        var saved = Assert.IsType<EmailChoiceOutcome.Saved>(outcome);
        Assert.Equal(new EmailPreferences(true, false), saved.Preferences);
        Assert.True(saved.Changed);
        Assert.Equal(["GET", "PUT"], log.Requests.Select(r => r.Method));
        Assert.All(log.Requests, r => Assert.Contains("/docs/account", r.Path));

        log.Clear();
        var profile = await app.Services.GetRequiredService<ICreatorStore>().GetProfileAsync("c-pref", CancellationToken.None);
        Assert.Equal(["GET"], log.Requests.Select(r => r.Method));
        Assert.Equal(SuppressionReason.OptedOut, EmailDeliveryRules.Suppression(EmailKind.WeeklyReport, profile, erased: false));
        Assert.Null(EmailDeliveryRules.Suppression(EmailKind.MilestoneAlert, profile, erased: false));
    }

    [Fact]
    public async Task Choosing_what_is_already_chosen_writes_nothing()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p", "c-again", "again@shop.example", "2026-11-20T00:00:00Z"));
        await Preferences.SetAsync("c-again", EmailKind.MilestoneAlert, false, EmailChoiceSource.Unsubscribe, CancellationToken.None);
        log.Clear();

        var again = Assert.IsType<EmailChoiceOutcome.Saved>(await Preferences.SetAsync("c-again", EmailKind.MilestoneAlert, false, EmailChoiceSource.Unsubscribe, CancellationToken.None));

        Assert.False(again.Changed);
        Assert.Equal(["GET"], log.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task The_creators_choice_survives_a_later_creator_upserted_and_a_rebuild()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p1", "c-keep", "keep@shop.example", "2026-11-20T00:00:00Z"));
        await Preferences.SetAsync("c-keep", EmailKind.WeeklyReport, false, EmailChoiceSource.Unsubscribe, CancellationToken.None);

        // The platform sends its own copy later, all on (it doesn't know about the unsubscribe), with a new address.
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p2", "c-keep", "new@shop.example", "2026-11-26T00:00:00Z").Replace(
            "\"timeZone\":null", "\"timeZone\":null,\"emailPreferences\":{\"milestoneAlerts\":false,\"weeklyReports\":true}", StringComparison.Ordinal));
        var store = app.Services.GetRequiredService<ICreatorStore>();
        var profile = await store.GetProfileAsync("c-keep", CancellationToken.None);

        Assert.Equal("new@shop.example", profile!.Email);
        Assert.Equal(new EmailPreferences(false, false), profile.Emails); // reports: the creator's choice; alerts: the platform's

        await store.RebuildAccountAsync("c-keep", CancellationToken.None);
        Assert.Equal(new EmailPreferences(false, false), (await store.GetProfileAsync("c-keep", CancellationToken.None))!.Emails);

        await Preferences.SetAsync("c-keep", EmailKind.WeeklyReport, true, EmailChoiceSource.Page, CancellationToken.None);
        Assert.True((await store.GetProfileAsync("c-keep", CancellationToken.None))!.Emails.WeeklyReports);
    }

    [Fact]
    public async Task Nothing_is_stored_for_an_unknown_creator_and_workshop_emails_cant_be_turned_off()
    {
        Assert.IsType<EmailChoiceOutcome.UnknownCreator>(await Preferences.SetAsync("c-ghost", EmailKind.WeeklyReport, false, EmailChoiceSource.Unsubscribe, CancellationToken.None));
        Assert.Null(await app.Services.GetRequiredService<ICreatorStore>().ReadStoredAccountAsync("c-ghost", CancellationToken.None));
        Assert.IsType<EmailChoiceOutcome.NotOptional>(await Preferences.SetAsync("c-ghost", EmailKind.Workshop, false, EmailChoiceSource.Page, CancellationToken.None));
    }
}
