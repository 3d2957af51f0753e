using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Tests.Browser;

namespace CreatorAccountHealth.Functions.Tests.Reports.Rendering;

/// <summary>
/// Opens rendered weekly reports in headless Chromium: the HTML must parse into a page with the report's content, its
/// seven-bar chart and no script, and the screenshot must show one. The HTML, text and screenshots are kept as test
/// artifacts in <see cref="ArtifactsDirectory"/> (under the test project's bin/&lt;configuration&gt;/net10.0/artifacts/reports).
/// </summary>
public sealed class WeeklyReportBrowserTests
{
    private readonly WeeklyReportRenderer renderer = new();

    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "reports");

    [Fact]
    public async Task A_busy_week_renders_in_a_browser_with_its_content_and_chart()
    {
        var report = SampleReports.Busy();
        var page = WriteArtifacts("weekly-report-busy", report);

        var png = await Chromium.ScreenshotAsync(page, Path.Combine(ArtifactsDirectory, "weekly-report-busy.png"), 800, 3500);
        var dom = await Chromium.DumpDomAsync(page);

        Assert.True(png.Length > 40_000, $"The {png.Length}-byte screenshot looks blank");
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
    }

    [Fact]
    public async Task A_quiet_week_renders_in_a_narrow_window_and_says_so()
    {
        var report = SampleReports.Quiet();
        var page = WriteArtifacts("weekly-report-quiet", report);

        var png = await Chromium.ScreenshotAsync(page, Path.Combine(ArtifactsDirectory, "weekly-report-quiet-mobile.png"), 390, 1800);
        var dom = await Chromium.DumpDomAsync(page);

        Assert.True(png.Length > 20_000, $"The {png.Length}-byte screenshot looks blank");
        Assert.Contains("No violations this week</div>You still have 10 points active", dom);
        Assert.Contains("You're 2 points from a formal warning", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Hostile_values_stay_text_in_the_browser()
    {
        const string markup = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        var busy = SampleReports.Busy();
        var report = busy with { Notices = [busy.Notices[0] with { Title = markup, Body = markup }] };
        var page = WriteArtifacts("weekly-report-hostile", report, SampleReports.Profile(displayName: markup));

        var dom = await Chromium.DumpDomAsync(page);

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi &lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;,", dom);
        Assert.DoesNotContain("<title>pwned</title>", dom);
    }

    private Uri WriteArtifacts(string name, WeeklyReport report, CreatorProfile? profile = null)
    {
        profile ??= SampleReports.Profile();
        Directory.CreateDirectory(ArtifactsDirectory);
        // As emailed: with the email's links (page, quizzes, appeals, preferences, unsubscribe).
        var links = Links.EmailLinkAssertions.For(report.CreatorId, Domain.Notifications.EmailKind.WeeklyReport);
        File.WriteAllText(Path.Combine(ArtifactsDirectory, name + ".txt"), renderer.RenderText(report, profile, links));
        var html = Path.Combine(ArtifactsDirectory, name + ".html");
        File.WriteAllText(html, renderer.RenderHtml(report, profile, links));
        return new Uri(html);
    }
}
