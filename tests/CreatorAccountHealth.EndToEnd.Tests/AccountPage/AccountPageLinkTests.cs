using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace CreatorAccountHealth.EndToEnd.Tests.AccountPage;

public sealed partial class AccountPageBrowserTests
{
    [Fact]
    public async Task One_click_unsubscribe_from_the_report_email_means_the_next_weekly_run_sends_that_creator_nothing()
    {
        // Two creators with activity in both weeks: the other one's second report shows the second run has been worked off.
        var now = DateTimeOffset.UtcNow;
        foreach (var (creator, name) in new[] { ("page-lin", "Lin Wei"), ("page-max", "Max Muster") })
        {
            await ProfileAsync(creator, $"{creator}@page.example", name);
            await ViolationAsync(creator, $"{creator}-v1", "misleading-product-claims", now.AddDays(-9));
            await ViolationAsync(creator, $"{creator}-v2", "misleading-product-claims", now.AddDays(-2));
        }

        Assert.Equal(HttpStatusCode.Accepted, (await app.Http.PostAsJsonAsync("/api/admin/weekly-reports", new { periodEnd = now.AddDays(-7).ToString("O") })).StatusCode);
        var report = await app.WaitForEmailAsync(e => IsReportTo(e, "page-lin@page.example"), "the first weekly report to Lin");
        await app.WaitForEmailAsync(e => IsReportTo(e, "page-max@page.example"), "the first weekly report to Max");

        // What a mail client does with List-Unsubscribe-Post (RFC 8058): a POST, no cookie, no page.
        var unsubscribe = new Uri(UnsubscribeHeader(report)["<".Length..^">".Length]);
        using var oneClick = new HttpRequestMessage(HttpMethod.Post, Local(unsubscribe))
        {
            Content = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]),
        };
        var answered = await app.Anonymous.SendAsync(oneClick);
        Assert.True(answered.IsSuccessStatusCode, $"One-click unsubscribe answered {(int)answered.StatusCode}: {await answered.Content.ReadAsStringAsync()}");

        // Opened in a browser instead, the link asks first (a GET changes nothing); its button unsubscribes.
        await using (var confirm = await OpenAsync())
        {
            await confirm.Page.GotoAsync(Local(app.Services.GetRequiredService<AccountLinks>().UnsubscribeLink("page-lin", EmailKind.MilestoneAlert)));
            await confirm.CheckStateAsync("unsubscribe-0-confirm");
            await KeyboardOnly.ActivateAsync(confirm.Page, confirm.Page.GetByRole(AriaRole.Button));
            await confirm.CheckStateAsync("unsubscribe-0-done");
        }

        await using (var tab = await SignedInAsync("page-lin"))
        {
            var alerts = tab.Page.Locator("#preferences").GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("[Mm]ilestone alert") });
            await Expect(alerts).Not.ToBeCheckedAsync();
            var weekly = tab.Page.Locator("#preferences").GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("[Ww]eekly report") });
            await Expect(weekly).Not.ToBeCheckedAsync();
            await tab.CheckStateAsync("unsubscribe-1-preferences-after");

            await KeyboardOnly.ActivateAsync(tab.Page, tab.Page.Locator("#reports").GetByRole(AriaRole.Link).First);
            await tab.CheckStateAsync("unsubscribe-2-report");
        }

        Assert.Equal(HttpStatusCode.Accepted, (await app.Http.PostAsJsonAsync("/api/admin/weekly-reports", new { periodEnd = now.ToString("O") })).StatusCode);
        await app.WaitForEmailAsync(e => IsReportTo(e, "page-max@page.example") && app.SendGrid.Requests.Count(r => IsReportTo(r, "page-max@page.example")) == 2, "the second weekly report to Max");
        Assert.Single(app.SendGrid.Requests, r => IsReportTo(r, "page-lin@page.example"));
    }

    [Fact]
    public async Task Email_preferences_are_saved_as_soon_as_they_are_switched()
    {
        const string creator = "page-kim";
        await ProfileAsync(creator, "kim@page.example", "Kim Park");
        await ViolationAsync(creator, "page-kim-v1", "misleading-product-claims", DateTimeOffset.UtcNow.AddDays(-1));

        await using var tab = await SignedInAsync(creator);
        var page = tab.Page;
        var alerts = page.Locator("#preferences").GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("[Mm]ilestone alert") });
        await Expect(alerts).ToBeCheckedAsync();
        await tab.CheckStateAsync("preferences-1-on");

        // Switching it is all it takes: the page's script saves it in place and a status line announces it (without
        // script, the form's Save button does the same).
        await KeyboardOnly.TabToAsync(page, alerts);
        await page.Keyboard.PressAsync("Space");
        var form = page.Locator("#preferences form").Filter(new() { Has = page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("[Mm]ilestone alert") }) });
        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");
        await Expect(alerts).Not.ToBeCheckedAsync();
        await tab.CheckStateAsync("preferences-2-alerts-off");

        await page.ReloadAsync();
        await Expect(page.Locator("#preferences").GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("[Mm]ilestone alert") })).Not.ToBeCheckedAsync();

        var stored = await app.Services.GetRequiredService<EmailPreferencesService>().GetAsync(creator, CancellationToken.None);
        output.WriteLine($"stored: {stored}");
        Assert.NotNull(stored);
        Assert.False(stored.MilestoneAlerts);
        Assert.True(stored.WeeklyReports);
    }

    [Fact]
    public async Task Forged_and_expired_links_get_a_page_that_says_what_to_do_and_no_session()
    {
        const string creator = "page-eve";
        await ProfileAsync(creator, "eve@page.example", "Eve Zzyzx");
        var issued = new Uri((await app.JsonAsync(await app.Http.PostAsync($"/api/admin/creators/{creator}/account-link", null)))["url"]!.GetValue<string>());
        var token = System.Web.HttpUtility.ParseQueryString(issued.Query)["token"]!;

        await using var tab = await OpenAsync();
        var page = tab.Page;

        // Forged: the signature's last character changed.
        var forged = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var refused = await page.GotoAsync(Local(new Uri($"{issued.GetLeftPart(UriPartial.Path)}?token={forged}")));
        Assert.Equal(401, refused!.Status);
        await tab.CheckStateAsync("link-1-forged");
        Assert.DoesNotContain("Zzyzx", await page.ContentAsync(), StringComparison.Ordinal);

        // Expired: the same link made by the app's own code 15 days ago, with the same key (lifetime 14 days).
        var expired = new AccountLinks(
            Options.Create(new AppOptions { PublicBaseUrl = LinkTestSettings.PublicBaseUrl }),
            Options.Create(new AccountLinkOptions { SigningKeys = LinkTestSettings.Secret }),
            new FixedClock(DateTimeOffset.UtcNow.AddDays(-15)),
            NullLogger<AccountLinks>.Instance).PageLink(creator);
        var gone = await page.GotoAsync(Local(expired));
        Assert.Contains(gone!.Status, new[] { 401, 410 });
        await tab.CheckStateAsync("link-2-expired");
        Assert.DoesNotContain("Zzyzx", await page.ContentAsync(), StringComparison.Ordinal);

        // Neither left a session behind.
        Assert.DoesNotContain(await tab.Context.CookiesAsync(), c => c.Value.Length > 0 && c.HttpOnly);
        var account = await page.GotoAsync("/api/account");
        Assert.Equal(401, account!.Status);
        await tab.CheckStateAsync("link-3-not-signed-in");
        Assert.DoesNotContain("Zzyzx", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
