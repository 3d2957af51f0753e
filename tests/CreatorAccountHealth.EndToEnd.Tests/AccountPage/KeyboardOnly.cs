using Microsoft.Playwright;

namespace CreatorAccountHealth.EndToEnd.Tests.AccountPage;

/// <summary>
/// Driving a page the way someone without a mouse does: Tab to a control (it must be reachable, in order, and show
/// where the focus is), Space and arrow keys to choose, Enter to follow or submit.
/// </summary>
internal static class KeyboardOnly
{
    private const int MaxTabs = 120;

    /// <summary>Presses Tab until <paramref name="target"/> has the focus; fails when it never gets it or hides it (WCAG 2.1.1, 2.4.7).</summary>
    public static async Task TabToAsync(IPage page, ILocator target)
    {
        await target.WaitForAsync();
        for (var presses = 0; presses <= MaxTabs; presses++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                var indicator = await target.EvaluateAsync<string>(
                    """
                    e => {
                      const s = getComputedStyle(e);
                      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none' ? '' : s.outline + ' / ' + s.boxShadow;
                    }
                    """);
                Assert.True(indicator.Length == 0, $"{target} has the keyboard focus but shows no focus indicator ({indicator}) on {page.Url}");
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{target} can't be reached with the Tab key ({MaxTabs} presses) on {page.Url}");
    }

    /// <summary>Tabs into a radio group and chooses the option at <paramref name="index"/> with Space and the arrow keys.</summary>
    public static async Task ChooseAsync(IPage page, ILocator radios, int index)
    {
        await TabToAsync(page, radios.First);
        await page.Keyboard.PressAsync("Space");
        for (var i = 0; i < index; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        Assert.True(await radios.Nth(index).IsCheckedAsync(), $"Option {index + 1} of {radios} is not chosen after the arrow keys on {page.Url}");
    }

    /// <summary>Tabs to a link or button and presses Enter, then waits for the page it leads to (through any 303).</summary>
    public static async Task ActivateAsync(IPage page, ILocator target)
    {
        await TabToAsync(page, target);
        await PressAndWaitForNextPageAsync(page, "Enter");
    }

    /// <summary>Presses <paramref name="key"/> and waits until a new document has loaded in place of the current one.</summary>
    public static async Task PressAndWaitForNextPageAsync(IPage page, string key)
    {
        await page.EvaluateAsync("() => { window.__pageBeforeKey = true; }");
        await page.Keyboard.PressAsync(key);
        await WaitForNextPageAsync(page);
    }

    /// <summary>Waits until the document marked by <see cref="PressAndWaitForNextPageAsync"/> has been replaced and the new one is loaded.</summary>
    public static async Task WaitForNextPageAsync(IPage page)
    {
        // Polled from here: waitForFunction compiles its predicate inside the page, which the pages' CSP forbids.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__pageBeforeKey !== true && document.readyState === 'complete'"))
                {
                    return;
                }
            }
            catch (PlaywrightException)
            {
                // The old document went away mid-evaluation: the navigation is under way.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No new page loaded within 30 s; still on {page.Url}");
    }
}
