using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.TestSupport;
using CreatorAccountHealth.TestSupport.Browser;
using Xunit.Abstractions;

namespace CreatorAccountHealth.Functions.Tests.Reports.Rendering;

/// <summary>
/// Opens rendered weekly reports in the headless browser: the HTML must parse into a page with the report's content,
/// its seven-bar chart and no script, pass axe-core's WCAG 2.2 AA rules, and the screenshot must show one. The HTML,
/// text and screenshots are kept as test artifacts in artifacts/screenshots/emails.
/// </summary>
public sealed class WeeklyReportBrowserTests(ITestOutputHelper output)
{
    private readonly WeeklyReportRenderer renderer = new();

    [Fact]
    public async Task A_busy_week_renders_in_a_browser_with_its_content_and_chart()
    {
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output, width: 800, height: 1200);
        await tab.Page.GotoAsync(WriteArtifacts("weekly-report-busy", SampleReports.Busy()).AbsoluteUri);

        var screenshot = await tab.ScreenshotAsync("weekly-report-busy");
        var dom = await tab.Page.ContentAsync();

        Assert.True(new FileInfo(screenshot).Length > 40_000, $"The screenshot looks blank: {screenshot}");
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Your week: 16–22 November 2026", dom);
        Assert.Contains("You've reached a formal warning", dom);
        Assert.Contains("Misleading product claims", dom);
        Assert.Contains("Your LIVE was paused", dom);
        Assert.Contains("Last day to take it: Thursday, 31 December 2026", dom);
        Assert.Contains(">See your Account Standing</a>", dom);
        Assert.Contains(">Take the quiz</a>", dom);
        Assert.Contains(">Appeal this violation</a>", dom);
        Assert.Contains(">Unsubscribe from weekly reports</a>", dom);
        Assert.Equal([0, 96, 0, 32, 32, 32, 0], ReportHtml.BarHeights(dom));
        await tab.AssertAccessibleAsync("the busy week's report email");
    }

    [Fact]
    public async Task A_quiet_week_renders_in_a_narrow_window_and_says_so()
    {
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output, width: 390, height: 900);
        await tab.Page.GotoAsync(WriteArtifacts("weekly-report-quiet", SampleReports.Quiet()).AbsoluteUri);

        var screenshot = await tab.ScreenshotAsync("weekly-report-quiet-mobile");
        var dom = await tab.Page.ContentAsync();

        Assert.True(new FileInfo(screenshot).Length > 20_000, $"The screenshot looks blank: {screenshot}");
        Assert.Contains("No violations this week</div>You still have 10 points active", dom);
        Assert.Contains("You're 2 points from a formal warning", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        await tab.AssertAccessibleAsync("the quiet week's report email");
    }

    [Fact]
    public async Task Hostile_values_stay_text_in_the_browser()
    {
        const string markup = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        var busy = SampleReports.Busy();
        var report = busy with { Notices = [busy.Notices[0] with { Title = markup, Body = markup }] };
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output);
        await tab.Page.GotoAsync(WriteArtifacts("weekly-report-hostile", report, SampleReports.Profile(displayName: markup)).AbsoluteUri);

        var dom = await tab.Page.ContentAsync();

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi &lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;,", dom);
        Assert.NotEqual("pwned", await tab.Page.TitleAsync());
    }

    private Uri WriteArtifacts(string name, WeeklyReport report, CreatorProfile? profile = null)
    {
        profile ??= SampleReports.Profile();
        var directory = TestArtifacts.ScreenshotDirectory("emails");
        // As emailed: with the email's links (page, quizzes, appeals, preferences, unsubscribe).
        var links = Links.EmailLinkAssertions.For(report.CreatorId, Domain.Notifications.EmailKind.WeeklyReport);
        File.WriteAllText(Path.Combine(directory, name + ".txt"), renderer.RenderEmail(report, profile, links).Text);
        var html = Path.Combine(directory, name + ".html");
        File.WriteAllText(html, renderer.RenderHtml(report, profile, links));
        return new Uri(html);
    }
}
