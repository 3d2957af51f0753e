using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.LocalRuntime;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>
/// The function app on the local runtime, in this process, configured as `npm start` configures it (the sample
/// settings) but from a temporary local.settings.json, on a free loopback port, against its own fresh database.
/// </summary>
/// <remarks>
/// The app logs a few lines per webhook to the console. It still does, at its own log levels, but the console is a
/// file while it runs (<see cref="LogPath"/>): otherwise a terminal's speed would set the app's, and bury the results.
/// </remarks>
internal sealed class AppUnderTest : IAsyncDisposable
{
    public const string SigningSecret = "benchmark-signing-secret";

    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(60);

    private readonly string settingsDirectory;
    private readonly TextWriter console;
    private readonly StreamWriter log;
    private WebApplication? app;

    private AppUnderTest(string settingsDirectory)
    {
        this.settingsDirectory = settingsDirectory;
        console = Console.Out;
        log = new StreamWriter(LogPath, append: false) { AutoFlush = true }; // a write per line, as to a console
        Console.SetOut(TextWriter.Synchronized(log));
    }

    /// <summary>The app's console output, from the last run.</summary>
    public static string LogPath { get; } = Path.Combine(Path.GetTempPath(), "cah-benchmark-app.log");

    public Uri BaseAddress => new(app!.Urls.Single());

    /// <summary>Every document request the app's Cosmos DB client makes (a handler in its pipeline).</summary>
    public CosmosRequestLog Requests { get; } = new();

    /// <summary>The local runtime's in-process Service Bus queue (no ServiceBusConnection is set): the alert emails' queue.</summary>
    public InProcessQueue Queue => app!.Services.GetRequiredService<InProcessQueue>();

    /// <summary>The queue the webhook's milestone alerts go to, whose function sends the alert emails.</summary>
    public string AlertsQueueName => app!.Services.GetRequiredService<IConfiguration>()["AlertsQueueName"]
        ?? throw new InvalidOperationException("AlertsQueueName is not set.");

    /// <summary>The app's own containers (same client, same log).</summary>
    public CosmosContainers Containers => app!.Services.GetRequiredService<CosmosContainers>();

    /// <summary>Starts the runtime and returns once GET /api/health answers 200 (the database and containers exist).</summary>
    public static async Task<AppUnderTest> StartAsync(string cosmosConnectionString, string databaseName, string sendGridUrl, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cah-bench-").FullName;
        var running = new AppUnderTest(directory);
        try
        {
            var settingsPath = Path.Combine(directory, "local.settings.json");
            var values = SampleValues();
            values["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
            values["CosmosDbConnection"] = cosmosConnectionString;
            values["CosmosDb__DatabaseName"] = databaseName;
            values["CosmosDb__CreateIfMissing"] = "true";
            values["Webhook__SigningSecrets"] = SigningSecret;

            // The probes' creators have addresses: their alert emails go to a stand-in, as in Azure to SendGrid, instead
            // of failing, retrying and staying on the queue (which the intake phases wait to empty).
            values["SendGrid__Host"] = sendGridUrl;
            foreach (var (name, value) in CallerTokens.Settings("__"))
            {
                values[name] = value; // the standing probe's bearer tokens (creator routes are behind the caller gate)
            }

            // Spans are still created (the app's own, Cosmos DB's) as in Azure; printing each one would measure the console.
            values["Telemetry__Console"] = "false";
            await File.WriteAllTextAsync(settingsPath, new JsonObject { ["IsEncrypted"] = false, ["Values"] = values }.ToJsonString(), cancellationToken);

            // Not exported to the environment: this process also runs the raw-write phase, which must not pick them up.
            running.app = LocalRuntimeHost.Create(
                ["--settings", settingsPath, "--urls", "http://127.0.0.1:0"],
                new LocalRuntimeOptions
                {
                    ExportSettingsToEnvironment = false,
                    ConfigureServices = (services, configuration) => services
                        .AddCreatorAccountHealth(configuration)
                        .AddSingleton<RequestHandler>(running.Requests),
                });
            await running.app.StartAsync(cancellationToken);
            await running.WaitUntilHealthyAsync(cancellationToken);
            return running;
        }
        catch
        {
            await running.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The Values of the repository's local.settings.sample.json, which `npm start` copies: whatever other settings
    /// the app needs locally come from there, so the benchmark keeps starting as the app grows.
    /// </summary>
    private static JsonObject SampleValues()
    {
        var sample = RepoPaths.Combine("local.settings.sample.json");
        return File.Exists(sample) && JsonNode.Parse(File.ReadAllText(sample))?["Values"] is JsonObject values
            ? (JsonObject)values.DeepClone()
            : [];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (app is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await app.StopAsync(timeout.Token);
                await app.DisposeAsync();
            }
        }
        finally
        {
            Console.SetOut(console);
            await log.DisposeAsync();
            Directory.Delete(settingsDirectory, recursive: true);
        }
    }

    // The runtime creates the database and containers in the background; health turns 200 once they exist.
    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + HealthyTimeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync("api/health", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
            }
            catch (Exception e) when ((e is HttpRequestException or TaskCanceledException) && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The local runtime was not healthy within {HealthyTimeout.TotalSeconds:0} s. Last answer: {last}");
    }
}
