using System.Text;
using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>
/// The app's real service registrations (AddCreatorAccountHealth) against a Cosmos endpoint, with a fake clock.
/// Function classes are called directly with an in-memory HttpContext; their results are executed as the
/// Functions host would, so tests read the real status, headers and body.
/// </summary>
public sealed class AppHarness : IAsyncDisposable
{
    public const string Secret = "integration-test-secret";

    private AppHarness(ServiceProvider services, FakeTimeProvider time, RecordingQueueSender queue)
    {
        Services = services;
        Time = time;
        Queue = queue;
    }

    /// <summary>What went onto the alert queue.</summary>
    public RecordingQueueSender Queue { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    /// <param name="configure">Last changes to the registrations (e.g. a Cosmos request handler that injects faults).</param>
    public static async Task<AppHarness> StartAsync(
        string connectionString, string databaseName, bool createDatabase = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            [CosmosOptions.ConnectionName] = connectionString,
            ["CosmosDb:DatabaseName"] = databaseName,
            ["CosmosDb:RequestTimeout"] = "00:00:05",
            ["Webhook:SigningSecrets"] = Secret,
            ["AlertsQueueName"] = "milestone-alerts",
            ["AlertsRepublishSchedule"] = "0 */1 * * * *",
            ["ReportsQueueName"] = "weekly-reports",
            ["TrainingEmailsQueueName"] = "training-emails",
            ["TrainingEmailsRepublishSchedule"] = "0 */5 * * * *",
            ["ReportsSchedule"] = "0 0 6 * * 1",
            ["SendGrid:ApiKey"] = "test-key",
            ["SendGrid:FromEmail"] = "alerts@creator-platform.example",
            ["SendGrid:ReplyTo"] = "support@creator-platform.example",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var queue = new RecordingQueueSender();
        var registrations = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddTelemetryCapture())
            .AddCreatorAccountHealth(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IQueueSender>(queue);
        configure?.Invoke(registrations);
        var services = registrations.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        if (createDatabase)
        {
            await services.GetRequiredService<CosmosContainers>().EnsureCreatedAsync(CancellationToken.None);
        }

        return new AppHarness(services, time, queue);
    }

    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>POSTs a signed webhook through the function and returns the response.</summary>
    public async Task<Response> PostWebhookAsync(string json)
    {
        TelemetryCapture.Shared.ForbidPersonalDataOf(json);
        var context = SignedWebhook(json);
        return await ExecuteAsync(context, await Function<PlatformWebhookFunction>().Run(context.Request, CancellationToken.None));
    }

    /// <summary>A request signed the way the platform signs it, at the harness's current time.</summary>
    public HttpContext SignedWebhook(string json, string secret = Secret)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = Time.GetUtcNow().ToUnixTimeSeconds().ToString();
        var context = Request(HttpMethods.Post, body);
        context.Request.Headers[WebhookSignatureVerifier.TimestampHeader] = timestamp;
        context.Request.Headers[WebhookSignatureVerifier.SignatureHeader] = "v1=" + WebhookSignatureVerifier.Sign(secret, timestamp, body);
        return context;
    }

    public HttpContext Request(string method, byte[]? body = null)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = method;
        context.Request.Body = new MemoryStream(body ?? []);
        context.Request.ContentLength = body?.Length;
        context.Request.ContentType = "application/json";
        context.Response.Body = new MemoryStream();
        return context;
    }

    public static async Task<Response> ExecuteAsync(HttpContext context, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Response(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, text);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        TelemetryCapture.Shared.AssertNothingPrivate();
    }

    public sealed record Response(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
