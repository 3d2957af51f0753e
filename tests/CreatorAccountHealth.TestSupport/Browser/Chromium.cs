namespace CreatorAccountHealth.TestSupport.Browser;

/// <summary>
/// Which Chromium the browser tests drive: the one named by <c>CHROMIUM_PATH</c>, else Debian's package. Playwright
/// never downloads a browser here; <c>npm test</c> installs Debian's package first (scripts/ensure-chromium.sh).
/// </summary>
public static class Chromium
{
    public const string PathVariable = "CHROMIUM_PATH";

    private static readonly Lazy<string> Found = new(Find);

    public static string Executable => Found.Value;

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"{PathVariable} is '{configured}', which does not exist.");
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => new[] { Path.Combine(directory, "chromium"), Path.Combine(directory, "chromium-browser") });
        return new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.Concat(onPath).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"No Chromium found. Run `npm test` (it installs Debian's chromium), or `sudo apt-get install chromium`, or set {PathVariable} to a Chromium executable.");
    }
}
