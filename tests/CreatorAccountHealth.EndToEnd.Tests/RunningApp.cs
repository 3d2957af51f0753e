using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.LocalRuntime;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// The local runtime, started the way `npm start` starts it (a local.settings.json, Kestrel on a real port), in
/// front of the Cosmos DB protocol server. Tests talk to it over HTTP only. <see cref="Http"/> sends a valid bearer
/// token with every request that has no Authorization header (the creator in a <c>/api/creators/{id}</c> URL, the
/// admin role for <c>/api/admin</c>), so the app's real gate checks real tokens; <see cref="Anonymous"/> sends none.
/// Both clients check every response against the published API contract on the way in.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    public const string Secret = "end-to-end-secret";

    private readonly CosmosServer cosmos = new();
    private readonly string settingsDirectory = Directory.CreateTempSubdirectory("cah-e2e-").FullName;
    private WebApplication? app;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Sends requests exactly as given: no token unless the test adds one.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Stands in for SendGrid's API: the app's real SendGrid client sends here.</summary>
    public FakeSendGrid SendGrid { get; private set; } = null!;

    /// <summary>The running app's services, e.g. its queue sender (the in-process queue), to put a message on a queue.</summary>
    public IServiceProvider Services => app?.Services ?? throw new InvalidOperationException("The app is not running.");

    public async Task InitializeAsync()
    {
        await cosmos.InitializeAsync();
        SendGrid = await FakeSendGrid.StartAsync();
        var settingsPath = Path.Combine(settingsDirectory, "local.settings.json");
        var values = new JsonObject
            {
                ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
                ["CosmosDbConnection"] = cosmos.ConnectionString,
                ["CosmosDb__DatabaseName"] = cosmos.NewDatabaseName(),
                ["CosmosDb__CreateIfMissing"] = "true",
                ["Webhook__SigningSecrets"] = "previous-secret," + Secret,
                ["AlertsQueueName"] = "milestone-alerts",
                ["AlertsRepublishSchedule"] = "0 */1 * * * *",
                ["ReportsQueueName"] = "weekly-reports",
                ["TrainingEmailsQueueName"] = "training-emails",
                ["TrainingEmailsRepublishSchedule"] = "0 */5 * * * *",
                // These tests run on the real clock: a workshop starting within the hour (so check-in is open) still takes registrations.
                ["Trainings__RegistrationClosesHoursBeforeStart"] = "0",
                ["ReportsSchedule"] = "0 0 6 * * 1",
                ["SendGrid__ApiKey"] = "e2e-sendgrid-key",
                ["SendGrid__Host"] = SendGrid.BaseUrl,
                ["SendGrid__FromEmail"] = "account-health@creator-platform.example",
                ["SendGrid__ReplyTo"] = "creator-support@creator-platform.example",
            };
        foreach (var (key, value) in CallerTokens.Settings("__").Concat(LinkTestSettings.Settings("__")))
        {
            values[key] = value;
        }

        await File.WriteAllTextAsync(settingsPath, new JsonObject { ["IsEncrypted"] = false, ["Values"] = values }.ToJsonString());

        app = LocalRuntimeHost.Create(
            ["--settings", settingsPath, "--urls", "http://127.0.0.1:0"],
            new LocalRuntimeOptions
            {
                ExportSettingsToEnvironment = false,
                ConfigureServices = (services, configuration) => services
                    .AddCreatorAccountHealth(configuration)
                    .AddLogging(logging => logging.AddTelemetryCapture()),
            });
        await app.StartAsync();
        // Every response the tests see is checked against the published contract on the way in.
        Http = new HttpClient(new ContractValidatingHandler(new TokenForRoute())) { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
        Anonymous = new HttpClient(new ContractValidatingHandler()) { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
        await WaitUntilHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        Anonymous?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await cosmos.DisposeAsync();
        await SendGrid.DisposeAsync();
        Directory.Delete(settingsDirectory, recursive: true);
        TelemetryCapture.Shared.AssertNothingPrivate();
    }

    /// <summary>POSTs a body signed as the platform signs it.</summary>
    public Task<HttpResponseMessage> PostWebhookAsync(string json, string secret = Secret, long? timestamp = null, string? traceParent = null)
    {
        TelemetryCapture.Shared.ForbidPersonalDataOf(json);
        var body = Encoding.UTF8.GetBytes(json);
        var ts = (timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds()).ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/platform") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(WebhookSignatureVerifier.TimestampHeader, ts);
        request.Headers.Add(WebhookSignatureVerifier.SignatureHeader, "v1=" + WebhookSignatureVerifier.Sign(secret, ts, body));
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The first email SendGrid received that <paramref name="matches"/>, waiting up to 30 s for it (delivery is asynchronous).</summary>
    public async Task<CapturedRequest> WaitForEmailAsync(Func<CapturedRequest, bool> matches, string description)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (SendGrid.Requests.FirstOrDefault(matches) is { } email)
            {
                return email;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No {description} reached SendGrid within 30 s.");
    }

    public Task<CapturedRequest> WaitForEmailToAsync(string address) =>
        WaitForEmailAsync(r => r.Body.Contains(address, StringComparison.Ordinal), $"email to {address}");

    // The runtime creates the database and containers in the background; health turns 200 once they exist.
    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        HttpResponseMessage? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Http.GetAsync("/api/health");
            if (last.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The local runtime never became healthy: {(last is null ? "no answer" : await last.Content.ReadAsStringAsync())}");
    }
}

/// <summary>Adds the token a well-behaved caller of the URL would send, unless the request carries its own Authorization.</summary>
internal sealed class TokenForRoute() : DelegatingHandler(new HttpClientHandler())
{
    private static readonly Regex CreatorRoute = new("^/api/creators/([^/]+)(/|$)", RegexOptions.Compiled);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null && request.RequestUri is { } uri)
        {
            var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString;
            var creator = CreatorRoute.Match(path);
            var token = creator.Success ? CallerTokens.Creator(Uri.UnescapeDataString(creator.Groups[1].Value), DateTimeOffset.UtcNow)
                : path.StartsWith("/api/admin/", StringComparison.Ordinal) ? CallerTokens.Admin(DateTimeOffset.UtcNow)
                : null;
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
