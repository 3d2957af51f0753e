using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>
/// The app's real service registrations (AddCreatorAccountHealth) against a Cosmos endpoint, with a fake clock.
/// Function classes are called directly with an in-memory HttpContext; their results are executed as the
/// Functions host would, so tests read the real status, headers and body, and every response is checked against the
/// published API contract (<see cref="ApiContractValidator"/>).
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
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
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
        var context = SignedWebhook(json);
        return await ExecuteAsync(context, () => Function<PlatformWebhookFunction>().Run(context.Request, CancellationToken.None));
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

    /// <summary>
    /// Runs a function as the host would and checks what it answered against the published contract: the function's
    /// name (its <c>[Function]</c> attribute) is the operationId the response is checked under.
    /// </summary>
    public static Task<Response> ExecuteAsync(HttpContext context, Expression<Func<Task<IActionResult>>> call) =>
        ExecuteCheckedAsync(context, call, () => call.Compile(preferInterpretation: true)());

    /// <inheritdoc cref="ExecuteAsync(HttpContext, Expression{Func{Task{IActionResult}}})"/>
    public static Task<Response> ExecuteAsync(HttpContext context, Expression<Func<IActionResult>> call) =>
        ExecuteCheckedAsync(context, call, () => Task.FromResult(call.Compile(preferInterpretation: true)()));

    /// <inheritdoc cref="ExecuteAsync(HttpContext, Expression{Func{Task{IActionResult}}})"/>
    public static Task<Response> ExecuteAsync(HttpContext context, Expression<Func<HttpRequest, Task<IActionResult>>> call) =>
        ExecuteCheckedAsync(context, call, () => call.Compile(preferInterpretation: true)(context.Request));

    /// <inheritdoc cref="ExecuteAsync(HttpContext, Expression{Func{Task{IActionResult}}})"/>
    public static Task<Response> ExecuteAsync<TFunction>(HttpContext context, TFunction function, Expression<Func<TFunction, HttpRequest, Task<IActionResult>>> call) =>
        ExecuteCheckedAsync(context, call, () => call.Compile(preferInterpretation: true)(function, context.Request));

    private static async Task<Response> ExecuteCheckedAsync(HttpContext context, LambdaExpression call, Func<Task<IActionResult>> run)
    {
        var operation = ApiContractValidator.Instance.ById(FunctionName(call));
        var response = await ExecuteUncheckedAsync(context, await run());
        ApiContractValidator.Instance.AssertResponse(operation, response.Status, response.ContentType, response.Headers.ContainsKey, response.Body);
        return response;
    }

    private static string FunctionName(LambdaExpression call)
    {
        var body = call.Body is UnaryExpression { NodeType: ExpressionType.Convert } convert ? convert.Operand : call.Body;
        var method = (body as MethodCallExpression)?.Method;
        return method?.GetCustomAttribute<FunctionAttribute>()?.Name
            ?? throw new ArgumentException($"'{call}' does not call a function method (one with [Function]).", nameof(call));
    }

    /// <summary>Executes a result with no route behind it (tests of a result type itself); nothing to check it against.</summary>
    public static async Task<Response> ExecuteUncheckedAsync(HttpContext context, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Response(context.Response.StatusCode, context.Response.ContentType, context.Response.Headers, text);
    }

    public async ValueTask DisposeAsync() => await Services.DisposeAsync();

    public sealed record Response(int Status, string? ContentType, IHeaderDictionary Headers, string Body)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    }
}
