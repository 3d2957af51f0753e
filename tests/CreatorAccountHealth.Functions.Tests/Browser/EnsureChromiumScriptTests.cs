using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Browser;

/// <summary>
/// scripts/ensure-chromium.sh, which `npm test` runs before the tests so that the README's command works on a fresh
/// machine. Each test runs it with a PATH holding only stand-ins (apt-get, sudo, id, and chromium where the case wants
/// one), so the machine's own browser and packages are never looked at or touched.
/// </summary>
[UnsupportedOSPlatform("windows")] // a bash script for Debian
public sealed class EnsureChromiumScriptTests : IDisposable
{
    private readonly DirectoryInfo bin = Directory.CreateTempSubdirectory("ensure-chromium-");

    public EnsureChromiumScriptTests()
    {
        File.CreateSymbolicLink(Path.Combine(bin.FullName, "env"), "/usr/bin/env");
        Script("id", """[ "$1" = -u ] && echo "${FAKE_UID:-0}" """);
        // apt-get "installs" chromium into this PATH, unless told to fail.
        Script("apt-get", $$"""
            echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "{{Log}}"
            [ "${FAKE_APT:-ok}" = ok ] || { echo "E: Unable to locate package chromium" >&2; exit 100; }
            if [ "$1" = install ]; then printf '#!/bin/bash\necho Chromium 999 fake\n' > "{{FakeChromium}}"; /bin/chmod +x "{{FakeChromium}}"; fi
            """);
        Script("sudo", $$"""
            [ "${FAKE_SUDO:-ok}" = ok ] || { echo "sudo: a password is required" >&2; exit 1; }
            [ "$2" = true ] && exit 0
            echo "sudo $1" >> "{{Log}}"
            [ "$1" = -n ] && shift
            exec "$@"
            """);
    }

    private string Log => Path.Combine(bin.FullName, "calls.log");

    private string FakeChromium => Path.Combine(bin.FullName, "chromium");

    public void Dispose() => bin.Delete(recursive: true);

    [Fact]
    public void A_chromium_on_PATH_is_used_and_nothing_is_installed()
    {
        Script("chromium", "echo Chromium 1.2.3");

        var run = Run();

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains($"using {FakeChromium} Chromium 1.2.3", run.Stdout);
        Assert.Empty(Calls());
    }

    [Fact]
    public void CHROMIUM_PATH_wins_over_installing()
    {
        var own = Path.Combine(bin.FullName, "my-chrome");
        Script("my-chrome", "echo Chrome 7");

        var run = Run(("CHROMIUM_PATH", own));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Contains($"using CHROMIUM_PATH={own} Chrome 7", run.Stdout);
        Assert.Empty(Calls());
    }

    [Fact]
    public void A_CHROMIUM_PATH_that_is_no_executable_is_refused_by_name()
    {
        var run = Run(("CHROMIUM_PATH", "/nowhere/chromium"));

        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("CHROMIUM_PATH is '/nowhere/chromium', which is not an executable file.", run.Stderr);
        Assert.Empty(Calls());
    }

    [Fact]
    public void As_root_it_installs_Debians_package_without_questions()
    {
        var run = Run(("FAKE_UID", "0"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(
            ["apt-get update -qq DEBIAN_FRONTEND=noninteractive", "apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive"],
            Calls());
        Assert.Contains($"installed {FakeChromium} Chromium 999 fake", run.Stdout);
    }

    [Fact]
    public void As_a_user_it_installs_through_sudo_without_a_password_prompt()
    {
        var run = Run(("FAKE_UID", "1000"));

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.Equal(
            ["sudo -n", "apt-get update -qq DEBIAN_FRONTEND=noninteractive", "sudo -n", "apt-get install -y -qq chromium DEBIAN_FRONTEND=noninteractive"],
            Calls());
        Assert.Contains($"installed {FakeChromium} Chromium 999 fake", run.Stdout);
    }

    [Fact]
    public void When_sudo_wants_a_password_it_says_what_to_run_and_installs_nothing()
    {
        var run = Run(("FAKE_UID", "1000"), ("FAKE_SUDO", "password"));

        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("installing it needs root, and sudo wants a password", run.Stderr);
        Assert.Contains("sudo apt-get update && sudo apt-get install chromium", run.Stderr);
        Assert.Contains("CHROMIUM_PATH=/path/to/chromium npm test", run.Stderr);
        Assert.Empty(Calls());
        Assert.False(File.Exists(FakeChromium));
    }

    [Fact]
    public void Without_apt_get_it_says_what_to_run()
    {
        File.Delete(Path.Combine(bin.FullName, "apt-get"));

        var run = Run();

        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("without apt-get this script can't install it", run.Stderr);
        Assert.Contains("CHROMIUM_PATH=/path/to/chromium npm test", run.Stderr);
    }

    [Fact]
    public void A_failed_install_fails_the_test_command()
    {
        var run = Run(("FAKE_APT", "fail"));

        Assert.True(run.ExitCode == 1, run.Stdout + run.Stderr);
        Assert.Contains("apt-get install chromium failed", run.Stderr);
        Assert.Contains("apt-get update failed; trying the install", run.Stdout);
        Assert.False(File.Exists(FakeChromium));
    }

    [Fact]
    public void The_README_test_command_runs_it_before_the_tests()
    {
        var scripts = JsonNode.Parse(File.ReadAllText(RepoPaths.Combine("package.json")))!["scripts"]!;

        Assert.EndsWith("&& bash scripts/ensure-chromium.sh", scripts["pretest"]!.GetValue<string>());
    }

    private void Script(string name, string body)
    {
        var path = Path.Combine(bin.FullName, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private string[] Calls() => File.Exists(Log) ? File.ReadAllLines(Log) : [];

    private (int ExitCode, string Stdout, string Stderr) Run(params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("/bin/bash", [RepoPaths.Combine("scripts", "ensure-chromium.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = bin.FullName;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "ensure-chromium.sh did not finish within 30 s");
        return (process.ExitCode, stdout, stderr.Result);
    }
}
