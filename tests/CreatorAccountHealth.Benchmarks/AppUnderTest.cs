using System.Text.Json.Nodes;
using CreatorAccountHealth.LocalRuntime;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>
/// The function app on the local runtime, in this process, configured as `npm start` configures it (the sample
/// settings) but from a temporary local.settings.json, on a free loopback port, against its own fresh database.
/// </summary>
internal sealed class AppUnderTest : IAsyncDisposable
{
    public const string SigningSecret = "benchmark-signing-secret";

    private static readonly TimeSpan HealthyTimeout = TimeSpan.FromSeconds(60);

    private readonly string settingsDirectory;
    private readonly WebApplication app;

    private AppUnderTest(string settingsDirectory, WebApplication app)
    {
        this.settingsDirectory = settingsDirectory;
        this.app = app;
    }

    public Uri BaseAddress => new(app.Urls.Single());

    /// <summary>Starts the runtime and returns once GET /api/health answers 200 (the database and containers exist).</summary>
    public static async Task<AppUnderTest> StartAsync(string cosmosConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("cah-bench-").FullName;
        var settingsPath = Path.Combine(directory, "local.settings.json");
        var values = SampleValues();
        values["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        values["CosmosDbConnection"] = cosmosConnectionString;
        values["CosmosDb__DatabaseName"] = databaseName;
        values["CosmosDb__CreateIfMissing"] = "true";
        values["Webhook__SigningSecrets"] = SigningSecret;
        await File.WriteAllTextAsync(settingsPath, new JsonObject { ["IsEncrypted"] = false, ["Values"] = values }.ToJsonString(), cancellationToken);

        WebApplication app;
        try
        {
            // Not exported to the environment: this process also runs the raw-write phase, which must not pick them up.
            app = LocalRuntimeHost.Create(
                ["--settings", settingsPath, "--urls", "http://127.0.0.1:0"],
                new LocalRuntimeOptions { ExportSettingsToEnvironment = false });
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var running = new AppUnderTest(directory, app);
        try
        {
            await app.StartAsync(cancellationToken);
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
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
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
