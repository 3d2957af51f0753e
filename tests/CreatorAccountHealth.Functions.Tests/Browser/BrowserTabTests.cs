using CreatorAccountHealth.TestSupport.Browser;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CreatorAccountHealth.Functions.Tests.Browser;

/// <summary>
/// The browser checks themselves (TestSupport/Browser), on pages made to fail them: a check that can't fail proves
/// nothing about the pages that pass it.
/// </summary>
public sealed class BrowserTabTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Axe_runs_under_a_strict_content_security_policy_and_names_what_it_finds()
    {
        await using var tab = await SharedBrowser.OpenTabAsync("browser-checks", output);
        await tab.Page.SetContentAsync(
            """
            <!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="script-src 'none'">
            <title>Broken</title></head><body><main><h1>Broken</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
            <p style="color:#aaaaaa;background:#ffffff">Low contrast</p></main></body></html>
            """);

        var violations = await Axe.RunAsync(tab.Page);

        Assert.Equal(["color-contrast", "image-alt"], violations.Select(v => v.Id).Order());
        var failure = await Assert.ThrowsAsync<TrueException>(() => tab.AssertAccessibleAsync("the broken page"));
        Assert.Contains("axe-core found 2 accessibility violation(s) on the broken page", failure.Message);
        Assert.Contains("- image-alt (critical; wcag111): Images must have alternative text", failure.Message);
    }

    [Fact]
    public async Task A_page_wider_than_the_viewport_fails_naming_what_sticks_out()
    {
        await using var tab = await SharedBrowser.OpenTabAsync("browser-checks", output, width: 320, height: 480);
        await tab.Page.SetContentAsync(
            """<!DOCTYPE html><html lang="en"><title>Wide</title><body><main><h1>Wide</h1><pre id="code" class="log x">""" + new string('x', 200) + "</pre></main></body></html>");

        var failure = await Assert.ThrowsAsync<TrueException>(() => tab.AssertFitsWidthAsync("the wide page"));

        Assert.Contains("in a 320px viewport", failure.Message);
        Assert.Contains("pre#code.log.x reaches", failure.Message);
    }

    [Fact]
    public async Task An_accessible_page_that_fits_passes_every_check_and_leaves_a_screenshot()
    {
        await using var tab = await SharedBrowser.OpenTabAsync("browser-checks", output, width: 320, height: 480);
        await tab.Page.SetContentAsync(
            """<!DOCTYPE html><html lang="en"><title>Fine</title><body><main><h1>Fine</h1><p>Short lines wrap at 320 pixels without any trouble at all.</p></main></body></html>""");

        await tab.CheckStateAsync("fine");

        Assert.True(File.Exists(Path.Combine(TestSupport.TestArtifacts.ScreenshotDirectory("browser-checks"), "fine.png")));
    }
}
