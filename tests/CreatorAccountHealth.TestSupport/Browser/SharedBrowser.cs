using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CreatorAccountHealth.TestSupport.Browser;

/// <summary>
/// The one headless Chromium of a test assembly, driven by Playwright and started on first use. Tests never share a
/// page: each opens a <see cref="BrowserTab"/> in a context of its own (cookies and storage apart), which is cheap,
/// while starting the browser is not. It closes when the test process exits.
/// </summary>
public static class SharedBrowser
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    /// <summary>Opens a page <paramref name="width"/> CSS pixels wide in a fresh context; screenshots go to <c>artifacts/screenshots/{area}</c>.</summary>
    public static async Task<BrowserTab> OpenTabAsync(
        string area, ITestOutputHelper? output = null, int width = 1280, int height = 800, BrowserNewContextOptions? options = null)
    {
        var contextOptions = options ?? new BrowserNewContextOptions();
        contextOptions.ViewportSize = new ViewportSize { Width = width, Height = height };
        var context = await (await BrowserAsync()).NewContextAsync(contextOptions);
        context.SetDefaultTimeout(30_000);
        return new BrowserTab(context, await context.NewPageAsync(), area, output);
    }

    private static async Task<IBrowser> BrowserAsync()
    {
        if (browser is { IsConnected: true } running)
        {
            return running;
        }

        await Gate.WaitAsync();
        try
        {
            if (browser is { IsConnected: true } started)
            {
                return started;
            }

            playwright ??= await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Chromium.Executable,
                Headless = true,
                Timeout = 120_000,
                Args = ["--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"],
            });
            AppDomain.CurrentDomain.ProcessExit -= Close;
            AppDomain.CurrentDomain.ProcessExit += Close;
            return browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    // The driver would also take the browser down when this process's pipe to it closes; closing first is tidier.
    private static void Close(object? sender, EventArgs e)
    {
        try
        {
            Task.Run(async () =>
            {
                if (browser is not null)
                {
                    await browser.CloseAsync();
                }

                playwright?.Dispose();
            }).Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Exiting anyway.
        }
    }
}
