using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.TestSupport;
using CreatorAccountHealth.TestSupport.Browser;
using Xunit.Abstractions;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// Opens rendered alert emails in the headless browser: the HTML must parse into a page with the alert's content and
/// no script, pass axe-core's WCAG 2.2 AA rules, and the screenshot must show one. The HTML, text and screenshots are
/// kept as test artifacts in artifacts/screenshots/emails.
/// </summary>
public sealed class AlertEmailBrowserTests(ITestOutputHelper output)
{
    private readonly AlertEmailRenderer renderer = new();

    [Theory]
    [InlineData("reached")]
    [InlineData("approaching")]
    public async Task The_alert_email_renders_in_a_browser_with_its_content(string kind)
    {
        var alert = kind == "reached" ? SampleAlerts.Reached() : SampleAlerts.Approaching();
        var email = renderer.Render(alert, SampleAlerts.Profile(), Links.EmailLinkAssertions.For(alert.CreatorId, Domain.Notifications.EmailKind.MilestoneAlert));
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output, width: 800, height: 1600);
        await tab.Page.GotoAsync(WriteArtifacts($"alert-{kind}", email).AbsoluteUri);

        var screenshot = await tab.ScreenshotAsync($"alert-{kind}");
        var dom = await tab.Page.ContentAsync();

        Assert.True(new FileInfo(screenshot).Length > 20_000, $"The screenshot looks blank: {screenshot}");
        Assert.Contains(alert.Milestone.Title, dom);
        Assert.Contains(email.Subject, dom);
        Assert.Contains(alert.CausedBy[0].PolicyTitle, dom);
        Assert.Contains(">See your Account Standing</a>", dom);
        Assert.Contains(">Take the quiz</a>", dom);
        Assert.Contains(">Appeal this violation</a>", dom);
        Assert.Contains(">Email preferences</a>", dom);
        Assert.Contains(">Unsubscribe from milestone alerts</a>", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        await tab.AssertAccessibleAsync($"the {kind} alert email");
    }

    [Fact]
    public async Task A_display_name_with_markup_stays_text_in_the_browser()
    {
        const string name = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        var email = renderer.Render(SampleAlerts.Reached(), SampleAlerts.Profile(displayName: name), Links.EmailLinkAssertions.For(SampleAlerts.CreatorId, Domain.Notifications.EmailKind.MilestoneAlert));
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output);
        await tab.Page.GotoAsync(WriteArtifacts("alert-hostile-name", email).AbsoluteUri);

        var dom = await tab.Page.ContentAsync();

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi &lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;,", dom);
        Assert.NotEqual("pwned", await tab.Page.TitleAsync());
    }

    private static Uri WriteArtifacts(string name, AlertEmail email)
    {
        var directory = TestArtifacts.ScreenshotDirectory("emails");
        File.WriteAllText(Path.Combine(directory, name + ".txt"), email.Text);
        var html = Path.Combine(directory, name + ".html");
        File.WriteAllText(html, email.Html);
        return new Uri(html);
    }
}
