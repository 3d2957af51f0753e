using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace CreatorAccountHealth.TestSupport.Browser;

/// <summary>
/// One page of the <see cref="SharedBrowser"/> in a context of its own, with the checks every state of a page gets:
/// a screenshot kept as an artifact, axe-core's WCAG 2.2 AA rules, and no sideways scrolling at the viewport's width.
/// </summary>
public sealed class BrowserTab : IAsyncDisposable
{
    private readonly ITestOutputHelper? output;

    internal BrowserTab(IBrowserContext context, IPage page, string area, ITestOutputHelper? output)
    {
        Context = context;
        Page = page;
        Area = area;
        this.output = output;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>The folder under artifacts/screenshots this tab's screenshots go to.</summary>
    public string Area { get; }

    /// <summary>Screenshots the whole page to <c>artifacts/screenshots/{area}/{name}.png</c>, prints the path, and returns it.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(TestArtifacts.ScreenshotDirectory(Area), name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output?.WriteLine($"screenshot: {path}");
        return path;
    }

    /// <summary>Fails with axe-core's findings when the page, as it is now, breaks a WCAG 2.0/2.1/2.2 A or AA rule.</summary>
    public async Task AssertAccessibleAsync(string state)
    {
        var violations = await Axe.RunAsync(Page);
        Assert.True(violations.Count == 0, Axe.Describe(violations, $"{state} ({Page.Url})"));
    }

    /// <summary>Fails when the page scrolls sideways at the viewport's width (WCAG 1.4.10 reflow, e.g. at 320 px), naming what sticks out.</summary>
    public async Task AssertFitsWidthAsync(string state)
    {
        var layout = await Page.EvaluateAsync<JsonElement>(
            """
            () => {
              const width = document.documentElement.clientWidth;
              const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '');
              // Boxes reaching past the viewport, and boxes whose content spills out of them (a long word in a <pre>)...
              const reach = e => Math.max(e.getBoundingClientRect().right,
                getComputedStyle(e).overflowX === 'visible' ? e.getBoundingClientRect().left + e.scrollWidth : 0);
              const all = [...document.body.querySelectorAll('*')].filter(e => reach(e) > width + 0.5);
              // ...innermost first: the element to fix, not every ancestor it widens.
              const wide = all.filter(e => !all.some(o => o !== e && e.contains(o)))
                .slice(0, 8)
                .map(e => describe(e) + ' reaches ' + Math.round(reach(e)) + 'px');
              return { width, scrollWidth: document.documentElement.scrollWidth, wide };
            }
            """);
        var width = layout.GetProperty("width").GetInt32();
        var scrollWidth = layout.GetProperty("scrollWidth").GetInt32();
        var wide = layout.GetProperty("wide").EnumerateArray().Select(e => e.GetString());
        Assert.True(
            scrollWidth <= width,
            $"{state} ({Page.Url}) is {scrollWidth}px wide in a {width}px viewport: {string.Join("; ", wide)}");
    }

    /// <summary>The checks of one state of a page: screenshot (kept even when a check fails), accessibility, width.</summary>
    public async Task CheckStateAsync(string name)
    {
        var screenshot = await ScreenshotAsync(name);
        try
        {
            await AssertAccessibleAsync(name);
            await AssertFitsWidthAsync(name);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(new StringBuilder(e.Message).AppendLine().Append("screenshot: ").Append(screenshot).ToString());
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
