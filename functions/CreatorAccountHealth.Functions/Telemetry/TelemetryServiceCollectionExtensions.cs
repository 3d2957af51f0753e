using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CreatorAccountHealth.Functions.Telemetry;

/// <summary>Settings under <c>Telemetry__</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>
    /// <c>Telemetry__Console</c>: also write spans and metrics to the console. On in local.settings.sample.json, so
    /// <c>npm start</c> shows them without Azure; off in Azure, where they go to Application Insights.
    /// </summary>
    public bool Console { get; set; }
}

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>Set by infra/ in Azure: where the exporter sends traces, metrics and logs.</summary>
    public const string AppInsightsConnectionSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>ClientId=...;Authorization=AAD</c>: Entra ID ingestion with the app's user-assigned identity (infra/ disables keys).</summary>
    public const string AppInsightsAuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>
    /// OpenTelemetry for the app's traces (its own source, Cosmos DB's, Service Bus's) and metrics (<see cref="AppMetrics"/>),
    /// exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set and to the console when
    /// <see cref="TelemetryOptions.Console"/> is true. Hosts and tests add their own exporters with <c>services.AddOpenTelemetry()</c>,
    /// which extends the same providers.
    /// </summary>
    public static IServiceCollection AddAppTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // The Cosmos and Service Bus SDKs publish their spans through ActivitySource only with this switch.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        services.AddAppMetrics();

        // First of the Cosmos client's custom handlers (CosmosContainers takes them from DI): outside any a test adds.
        services.AddSingleton<RequestHandler, CosmosRequestTelemetry>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(AppTelemetry.Name))
            // First processor, so every exporter added after it (Azure Monitor, console, tests) sees spans already redacted.
            .WithTracing(tracing => tracing.AddSource(AppTelemetry.Sources).AddProcessor(new LinkTokenRedaction()))
            .WithMetrics(metrics => metrics.AddMeter(AppTelemetry.Name));

        var connectionString = configuration[AppInsightsConnectionSetting];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var authentication = configuration[AppInsightsAuthenticationSetting];
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (ManagedIdentityClientId(authentication) is { } clientId)
                {
                    options.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                }
            });
        }

        if (configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>()?.Console is true)
        {
            telemetry
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 30_000));
        }

        return services;
    }

    /// <summary>The app's instruments (<see cref="AppMetrics"/>), for registrations that record without the exporters.</summary>
    public static IServiceCollection AddAppMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<AppMetrics>();
        return services;
    }

    /// <summary>The client id of <c>ClientId=...;Authorization=AAD</c>, as the Application Insights SDKs read it.</summary>
    public static string? ManagedIdentityClientId(string? authentication)
    {
        var parts = (authentication ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        return parts.TryGetValue("Authorization", out var mode) && mode.Equals("AAD", StringComparison.OrdinalIgnoreCase)
            && parts.TryGetValue("ClientId", out var id) && !string.IsNullOrWhiteSpace(id)
            ? id
            : null;
    }
}
