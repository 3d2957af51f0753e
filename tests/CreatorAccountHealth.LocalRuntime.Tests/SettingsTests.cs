using CreatorAccountHealth.LocalRuntime.Settings;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>local.settings.json read as Core Tools reads it. Environment variable names are unique per test: tests run in parallel.</summary>
public class SettingsTests
{
    [Fact]
    public async Task Environment_variables_win_over_the_file_and_double_underscores_nest()
    {
        var name = $"LocalRuntimeTest{Guid.NewGuid():N}";
        using var directory = new TempDirectory();
        var settingsPath = directory.WriteSettings(
            new Dictionary<string, string> { [$"{name}__FromEnvironment"] = "file", [$"{name}__FromFile"] = "file" },
            connectionStrings: new Dictionary<string, string> { ["Orders"] = "Server=orders" });
        Environment.SetEnvironmentVariable($"{name}__FromEnvironment", "environment");
        try
        {
            await using var app = Create(settingsPath);

            Assert.Equal("environment", app.Configuration[$"{name}:FromEnvironment"]);
            Assert.Equal("file", app.Configuration[$"{name}:FromFile"]);
            Assert.Equal("Server=orders", app.Configuration.GetConnectionString("Orders"));
        }
        finally
        {
            Environment.SetEnvironmentVariable($"{name}__FromEnvironment", null);
        }
    }

    [Fact]
    public async Task Values_are_exported_to_the_environment_only_where_it_has_none()
    {
        var preset = $"LocalRuntimeTest{Guid.NewGuid():N}";
        var unset = $"LocalRuntimeTest{Guid.NewGuid():N}";
        using var directory = new TempDirectory();
        var settingsPath = directory.WriteSettings(new Dictionary<string, string> { [preset] = "file", [unset] = "file" });
        Environment.SetEnvironmentVariable(preset, "environment");
        try
        {
            await using var app = LocalRuntimeHost.Create([], TestRuntime.Options(["GetItem"], settingsPath, exportSettingsToEnvironment: true));

            Assert.Equal("environment", Environment.GetEnvironmentVariable(preset));
            Assert.Equal("file", Environment.GetEnvironmentVariable(unset));
        }
        finally
        {
            Environment.SetEnvironmentVariable(preset, null);
            Environment.SetEnvironmentVariable(unset, null);
        }
    }

    [Fact]
    public async Task A_missing_settings_file_is_created_from_the_sample_beside_it()
    {
        using var directory = new TempDirectory();
        var samplePath = directory.WriteSettings(new Dictionary<string, string> { ["FromSample"] = "yes" }, fileName: LocalSettings.SampleFileName);

        await using var app = Create(directory.SettingsPath);

        Assert.Equal(File.ReadAllText(samplePath), File.ReadAllText(directory.SettingsPath));
        Assert.Equal("yes", app.Configuration["FromSample"]);
    }

    [Fact]
    public void Without_a_file_or_a_sample_there_are_no_file_settings_and_nothing_is_created()
    {
        using var directory = new TempDirectory();

        var settings = LocalSettings.Load(directory.SettingsPath);

        Assert.Equal(SettingsOrigin.Missing, settings.Origin);
        Assert.Empty(settings.Values);
        Assert.False(File.Exists(directory.SettingsPath));
    }

    [Theory]
    [InlineData("{ \"Values\": ", "is not a valid local.settings.json")]
    [InlineData("{ \"IsEncrypted\": true, \"Values\": {} }", "IsEncrypted")]
    public void An_unreadable_settings_file_stops_start_up_naming_the_file(string content, string expected)
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.SettingsPath, content);

        var error = Assert.Throws<LocalRuntimeConfigurationException>(() => Create(directory.SettingsPath));

        Assert.Contains(directory.SettingsPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_settings_file_is_at_the_nearest_directory_holding_Functions_sln()
    {
        using var directory = new TempDirectory();
        var nested = Directory.CreateDirectory(Path.Combine(directory.Path, "functions", "app", "bin")).FullName;
        Assert.Null(RepositoryRoot.FindFrom(nested));

        File.WriteAllText(directory.File(RepositoryRoot.Marker), string.Empty);

        Assert.Equal(directory.Path, RepositoryRoot.FindFrom(nested));
    }

    [Theory]
    [InlineData(new string[0], null, "http://localhost:7071")]
    [InlineData(new string[0], 7999, "http://localhost:7999")]
    [InlineData(new[] { "--port", "7123" }, 7999, "http://localhost:7123")]
    [InlineData(new[] { "--port", "7123", "--urls", "http://127.0.0.1:7555" }, 7999, "http://127.0.0.1:7555")]
    public async Task The_listening_address_is_LocalHttpPort_then_the_port_argument_and_urls_win(string[] args, int? localHttpPort, string expected)
    {
        using var directory = new TempDirectory();
        var settingsPath = directory.WriteSettings(host: localHttpPort is null ? null : new { LocalHttpPort = localHttpPort });

        await using var app = LocalRuntimeHost.Create(args, TestRuntime.Options(["GetItem"], settingsPath));

        Assert.Equal(expected, app.Configuration["urls"]);
    }

    [Theory]
    [InlineData("--port", "seventy")]
    [InlineData("--port", "70000")]
    [InlineData("--functions", "--port")]
    public void A_bad_argument_stops_start_up_saying_what_it_expects(string option, string value)
    {
        var error = Assert.Throws<LocalRuntimeConfigurationException>(() => RuntimeArguments.Parse([option, value]));

        Assert.StartsWith(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_arguments_are_taken_out_and_the_rest_goes_to_ASP_NET_Core()
    {
        var arguments = RuntimeArguments.Parse(["--functions", "A", "B", "--settings", "s.json", "--urls", "http://127.0.0.1:0", "-p", "7001"]);

        Assert.Equal(["A", "B"], arguments.Functions);
        Assert.Equal("s.json", arguments.SettingsPath);
        Assert.Equal(7001, arguments.Port);
        Assert.Equal(["--urls", "http://127.0.0.1:0"], arguments.Remaining);
    }

    private static WebApplication Create(string settingsPath) => LocalRuntimeHost.Create([], TestRuntime.Options(["GetItem"], settingsPath));
}
