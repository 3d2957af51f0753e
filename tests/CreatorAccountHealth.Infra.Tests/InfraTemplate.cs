using System.Text.Json;
using CreatorAccountHealth.Infra.Tests.Arm;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>
/// infra/main.bicep with infra/main.bicepparam, built to ARM JSON and linted by the Bicep CLI once per test run, then
/// evaluated offline (<see cref="ArmDeployment"/>) so tests read the values Azure would get.
/// </summary>
public sealed class InfraTemplate : IAsyncLifetime
{
    public static string InfraDirectory => RepoPaths.Combine("infra");

    public JsonElement Template { get; private set; }

    /// <summary>What the linter said about main.bicep, its modules and main.bicepparam (SARIF results).</summary>
    public IReadOnlyList<string> LintFindings { get; private set; } = [];

    public ArmDeployment Deployment { get; private set; } = null!;

    private IReadOnlyDictionary<string, object?> parameterValues = new Dictionary<string, object?>();

    public IEnumerable<ArmResource> Resources(string type) =>
        Deployment.AllResources().Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The function app's settings: the one <c>Microsoft.Web/sites/config</c> named <c>appsettings</c>.</summary>
    public IReadOnlyDictionary<string, object?> AppSettings => AppSettingsOf(Deployment);

    /// <summary>The app's settings were main.bicep deployed with these parameters changed from main.bicepparam's.</summary>
    public IReadOnlyDictionary<string, object?> AppSettingsWith(string parameter, object? value)
    {
        var parameters = new Dictionary<string, object?>(parameterValues) { [parameter] = value };
        return AppSettingsOf(ArmDeployment.Create(Template, parameters));
    }

    private static IReadOnlyDictionary<string, object?> AppSettingsOf(ArmDeployment deployment)
    {
        var config = Assert.Single(
            deployment.AllResources().Where(r => string.Equals(r.Type, "Microsoft.Web/sites/config", StringComparison.OrdinalIgnoreCase)),
            r => r.ShortName == "appsettings");
        return config.Properties;
    }

    /// <summary>Asserts <paramref name="value"/> is <paramref name="property"/> (principalId, clientId) of the app's user-assigned identity.</summary>
    public static void AssertAppIdentity(object? value, string property)
    {
        var text = ArmValues.Render(value);
        Assert.StartsWith("«reference(resourceId(Microsoft.ManagedIdentity/userAssignedIdentities, ", text);
        Assert.EndsWith($".{property}»", text);
    }

    public async Task InitializeAsync()
    {
        var build = BicepCli.RunAsync(InfraDirectory, "build-params", "main.bicepparam", "--stdout");
        var lintTemplate = BicepCli.RunAsync(InfraDirectory, "lint", "main.bicep", "--diagnostics-format", "sarif");
        var lintParameters = BicepCli.RunAsync(InfraDirectory, "lint", "main.bicepparam", "--diagnostics-format", "sarif");

        using var built = JsonDocument.Parse((await build).Stdout);
        Template = JsonDocument.Parse(built.RootElement.GetProperty("templateJson").GetString()!).RootElement.Clone();
        using var parameters = JsonDocument.Parse(built.RootElement.GetProperty("parametersJson").GetString()!);
        parameterValues = ArmDeployment.ReadParametersFile(parameters.RootElement);
        Deployment = ArmDeployment.Create(Template, parameterValues);

        LintFindings = [.. Findings((await lintTemplate).Stdout), .. Findings((await lintParameters).Stdout)];
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static IEnumerable<string> Findings(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        return document.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(run => run.GetProperty("results").EnumerateArray())
            .Select(result =>
            {
                var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                var file = location.GetProperty("artifactLocation").GetProperty("uri").GetString();
                var line = location.GetProperty("region").GetProperty("startLine").GetInt32();
                var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
                return $"{file}({line}): {level} {result.GetProperty("ruleId").GetString()}: {result.GetProperty("message").GetProperty("text").GetString()}";
            })
            .ToList();
    }
}

[CollectionDefinition(Name)]
public sealed class InfraCollection : ICollectionFixture<InfraTemplate>
{
    public const string Name = "infra";
}
