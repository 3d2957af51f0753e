using System.Reflection;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Infra.Tests.Arm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>Every setting the code reads is in the function app's settings with a production value, and nothing else is.</summary>
[Collection(InfraCollection.Name)]
public class AppSettingsTests(InfraTemplate infra)
{
    /// <summary>Settings the code reads that must not be set in Azure, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>
    {
        ["CosmosDb__CreateIfMissing"] = "creates the database and containers at start-up, for local runs: in Azure infra/ owns them",
        ["SendGrid__Host"] = "points the SendGrid client at a local capture server",
    };

    /// <summary>The Functions host's own settings infra/ sets (the host reads them, not the app's code).</summary>
    private static readonly string[] HostSettings = ["APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];

    /// <summary>The setting names that say where an identity-based connection goes, by service.</summary>
    private static readonly string[] EndpointProperties = ["accountEndpoint", "fullyQualifiedNamespace", "accountName", "serviceUri", "blobServiceUri"];

    public static TheoryData<string> SettingsTheCodeRequires => new(Required().Select(s => s.Name));

    public static TheoryData<string> ConnectionsTheCodeUses => new(ConnectionNames());

    [Theory]
    [MemberData(nameof(SettingsTheCodeRequires))]
    public void Each_setting_the_code_reads_has_a_value(string name)
    {
        var source = Required().Single(s => s.Name == name).Source;

        Assert.True(infra.AppSettings.TryGetValue(name, out var value), $"App setting {name} ({source}) is not in infra/ (functionapp module or main.bicep appSettings).");
        Assert.False(string.IsNullOrWhiteSpace(ArmValues.Render(value)), $"App setting {name} ({source}) is empty.");
    }

    [Theory]
    [MemberData(nameof(ConnectionsTheCodeUses))]
    public void Each_connection_goes_through_the_managed_identity(string connection)
    {
        var settings = infra.AppSettings;

        Assert.False(settings.ContainsKey(connection), $"{connection} would be a connection string: use {connection}__<endpoint> with the managed identity.");
        Assert.Equal("managedidentity", settings.GetValueOrDefault($"{connection}__credential"));
        InfraTemplate.AssertAppIdentity(settings.GetValueOrDefault($"{connection}__clientId"), "clientId"); // which identity: the app's
        Assert.True(
            EndpointProperties.Count(p => settings.ContainsKey($"{connection}__{p}")) == 1,
            $"{connection} needs exactly one of {string.Join(", ", EndpointProperties.Select(p => $"{connection}__{p}"))}.");
    }

    [Fact]
    public void Local_only_settings_are_not_set()
    {
        Assert.Empty(LocalOnly.Keys.Where(infra.AppSettings.ContainsKey).Select(name => $"{name}: {LocalOnly[name]}"));
    }

    [Fact]
    public void Every_setting_in_infra_is_one_the_code_or_the_host_reads()
    {
        var known = TheCode.OptionsSections.SelectMany(s => s.AllSettingNames)
            .Concat(TheCode.FlatSettings.Select(s => s.Name))
            .Concat(TheCode.BindingExpressionSettings.Select(s => s.Name))
            .Concat(HostSettings)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var connections = ConnectionNames().Select(c => c + "__").ToList();

        var unknown = infra.AppSettings.Keys.Where(name => !known.Contains(name) && !connections.Any(c => name.StartsWith(c, StringComparison.OrdinalIgnoreCase)));

        Assert.Empty(unknown); // a typo, or a setting the code stopped reading
    }

    [Fact]
    public void The_production_settings_pass_the_apps_own_start_up_validation()
    {
        // Azure resolves Key Vault references before the app sees them: stand in a secret for each one (an unresolved
        // reference is refused at start-up, which is what the app's validation is for).
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(infra.AppSettings.Select(s => KeyValuePair.Create(
                s.Key.Replace("__", ":", StringComparison.Ordinal),
                (string?)ResolvedAsAzureWould(ArmValues.Render(s.Value)))))
            .Build();
        var services = new ServiceCollection().AddLogging().AddCreatorAccountHealth(configuration);
        using var provider = services.BuildServiceProvider();

        var problems = new List<string>();
        foreach (var section in TheCode.OptionsSections)
        {
            var options = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(section.Type));
            try
            {
                _ = options.GetType().GetProperty(nameof(IOptions<object>.Value))!.GetValue(options);
            }
            catch (TargetInvocationException e) when (e.InnerException is OptionsValidationException invalid)
            {
                problems.AddRange(invalid.Failures);
            }
        }

        Assert.Empty(problems);
    }

    private static string? ResolvedAsAzureWould(string? value) =>
        CreatorAccountHealth.Functions.Hosting.KeyVaultReferences.IsUnresolved(value) ? "secret-from-key-vault-long-enough-for-hs256" : value;

    private static IEnumerable<RequiredSetting> Required() =>
        TheCode.OptionsSections.SelectMany(s => s.RequiredSettings).Where(s => !LocalOnly.ContainsKey(s.Name))
            .Concat(TheCode.FlatSettings)
            .Concat(TheCode.BindingExpressionSettings)
            .DistinctBy(s => s.Name);

    private static IEnumerable<string> ConnectionNames() =>
        TheCode.Connections.Select(c => c.Name).Append("AzureWebJobsStorage").Distinct();
}
