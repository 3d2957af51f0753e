using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Tests.Browser;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// Opens rendered alert emails in headless Chromium: the HTML must parse into a page with the alert's content and no
/// script, and the screenshot must show one. The HTML, text and screenshots are kept as test artifacts in
/// <see cref="ArtifactsDirectory"/> (under the test project's bin/&lt;configuration&gt;/net10.0/artifacts/email).
/// </summary>
public sealed class AlertEmailBrowserTests
{
    private readonly AlertEmailRenderer renderer = new();

    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "email");

    [Theory]
    [InlineData("reached")]
    [InlineData("approaching")]
    public async Task The_alert_email_renders_in_a_browser_with_its_content(string kind)
    {
        var alert = kind == "reached" ? SampleAlerts.Reached() : SampleAlerts.Approaching();
        var email = renderer.Render(alert, SampleAlerts.Profile(), Links.EmailLinkAssertions.For(alert.CreatorId, Domain.Notifications.EmailKind.MilestoneAlert));
        var page = WriteArtifacts($"alert-{kind}", email);
        var screenshot = Path.Combine(ArtifactsDirectory, $"alert-{kind}.png");

        var png = await Chromium.ScreenshotAsync(page, screenshot, 800, 1600);
        var dom = await Chromium.DumpDomAsync(page);

        Assert.True(png.Length > 20_000, $"The {png.Length}-byte screenshot looks blank: {screenshot}");
        Assert.Contains(alert.Milestone.Title, dom);
        Assert.Contains(email.Subject, dom);
        Assert.Contains(alert.CausedBy[0].PolicyTitle, dom);
        Assert.Contains(">See your Account Standing</a>", dom);
        Assert.Contains(">Take the quiz</a>", dom);
        Assert.Contains(">Appeal this violation</a>", dom);
        Assert.Contains(">Email preferences</a>", dom);
        Assert.Contains(">Unsubscribe from milestone alerts</a>", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_display_name_with_markup_stays_text_in_the_browser()
    {
        const string name = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        var email = renderer.Render(SampleAlerts.Reached(), SampleAlerts.Profile(displayName: name), Links.EmailLinkAssertions.For(SampleAlerts.CreatorId, Domain.Notifications.EmailKind.MilestoneAlert));
        var page = WriteArtifacts("alert-hostile-name", email);

        var dom = await Chromium.DumpDomAsync(page);

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi &lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;,", dom);
        Assert.DoesNotContain("<title>pwned</title>", dom);
    }

    private static Uri WriteArtifacts(string name, AlertEmail email)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        File.WriteAllText(Path.Combine(ArtifactsDirectory, name + ".txt"), email.Text);
        var html = Path.Combine(ArtifactsDirectory, name + ".html");
        File.WriteAllText(html, email.Html);
        return new Uri(html);
    }
}
