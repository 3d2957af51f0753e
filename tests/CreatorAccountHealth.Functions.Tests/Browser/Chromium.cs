using System.Diagnostics;

namespace CreatorAccountHealth.Functions.Tests.Browser;

/// <summary>
/// Headless Chromium from the OS packages (Debian: <c>apt-get install chromium</c>; .ci/run installs it), or the browser
/// named by <c>CHROMIUM_PATH</c>. Each run gets a fresh profile and no network chatter of its own. Shared by every
/// browser-rendered check of the emails.
/// </summary>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static string Executable { get; } = Find();

    /// <summary>The page as the browser parsed it, serialized back to HTML (scripts would have run by then).</summary>
    public static Task<string> DumpDomAsync(Uri page) => RunAsync("--dump-dom", page.AbsoluteUri);

    /// <summary>Screenshots the top <paramref name="height"/> pixels of the page into <paramref name="pngPath"/> and returns the PNG.</summary>
    public static async Task<byte[]> ScreenshotAsync(Uri page, string pngPath, int width, int height)
    {
        File.Delete(pngPath);
        await RunAsync($"--screenshot={pngPath}", $"--window-size={width},{height}", page.AbsoluteUri);
        var png = File.ReadAllBytes(pngPath);
        Assert.Equal(PngSignature, png[..8]);
        return png;
    }

    /// <summary>Runs the browser on <paramref name="arguments"/> and returns what it wrote to stdout.</summary>
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    $"--user-data-dir={profile.FullName}", .. arguments,
                ])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not finish within {Timeout}: {await stderr}");
            }

            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static string Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "No Chromium found: install it (Debian: apt-get install chromium; .ci/run does) or set CHROMIUM_PATH to the browser's executable.");
    }
}
