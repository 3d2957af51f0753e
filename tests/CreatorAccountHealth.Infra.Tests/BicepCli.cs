using System.Diagnostics;
using System.Reflection;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>
/// The Bicep CLI from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c> (restored with this project, so CI needs
/// only NuGet). <c>BICEP_PATH</c> overrides it, e.g. with a <c>bicep</c> for another OS. Runs with no network: infra/ uses
/// no registry modules and its bicepconfig.json turns off the only rule that would ask a registry.
/// </summary>
public static class BicepCli
{
    /// <summary>Secrets main.bicepparam reads from the environment: never passed to the CLI, so no real secret reaches a test.</summary>
    private static readonly string[] SecretVariables = ["SENDGRID_API_KEY", "WEBHOOK_SIGNING_SECRETS", "CREATOR_AUTH_SIGNING_KEYS", "ACCOUNT_LINK_SIGNING_KEYS"];

    public static string Path { get; } = Locate();

    public static async Task<(string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in SecretVariables)
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took over 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stderr}\n{await stdout}");
        }

        return (await stdout, await stderr);
    }

    private static string Locate()
    {
        var path = Environment.GetEnvironmentVariable("BICEP_PATH") is { Length: > 0 } overridden
            ? overridden
            : typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No Bicep CLI at {path}: restore tests/CreatorAccountHealth.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64) or set BICEP_PATH.");
        }

        // Package extraction doesn't promise the executable bit everywhere.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
