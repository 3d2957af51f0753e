using System.Linq.Expressions;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>
/// The app's real service registrations (AddCreatorAccountHealth) against a Cosmos endpoint, with a fake clock.
/// HTTP functions are called with an in-memory HttpContext through <see cref="InvokeAsync{TFunction}(HttpContext, Expression{Func{TFunction, HttpRequest, Task{IActionResult}}}, TFunction)"/>:
/// the app's worker pipeline (caller gate, 503s) around the call, and the result executed as the Functions host would,
/// so tests read the real status, headers and body. Every response, the gate's own included, is checked against the
/// published API contract (<see cref="ApiContractValidator"/>) under the function's operationId. A request without an
/// Authorization header gets a valid token for the route (the creator in the URL, or the admin role); one whose
/// Authorization is "" is sent without any. Page routes (<c>/api/account</c>) get nothing added: their tests send a
/// session cookie or a bearer token as a browser or an embedding app would.
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
    /// <param name="logs">Also receives every log line from Information up (the default is warnings only).</param>
    public static async Task<AppHarness> StartAsync(
        string connectionString,
        string databaseName,
        bool createDatabase = true,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null,
        ILoggerProvider? logs = null)
    {
        var values = Settings(connectionString, databaseName);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        var queue = new RecordingQueueSender();
        var registrations = new ServiceCollection()
            .AddLogging(b =>
            {
                b.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Information).AddTelemetryCapture();
                if (logs is not null)
                {
                    b.AddProvider(logs);
                }
            })
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

    /// <summary>Every setting the app needs to start, for a test database; callers add or override the rest.</summary>
    public static Dictionary<string, string?> Settings(string connectionString, string databaseName)
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
        foreach (var (key, value) in CallerTokens.Settings(":").Concat(LinkTestSettings.Settings(":")))
        {
            values[key] = value;
        }

        return values;
    }

    public T Function<T>() where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>POSTs a signed webhook through the function and returns the response.</summary>
    public Task<Response> PostWebhookAsync(string json)
    {
        TelemetryCapture.Shared.ForbidPersonalDataOf(json);
        return InvokeAsync<PlatformWebhookFunction>(SignedWebhook(json), (f, r) => f.Run(r, CancellationToken.None));
    }

    /// <summary>
    /// Calls an HTTP function as the host does: the call's <c>[Function]</c> name and its route arguments (the method's
    /// other arguments, by parameter name) are what the pipeline sees; <c>r</c> is the context's request.
    /// </summary>
    /// <param name="function">The function instance to call (e.g. built with a fake dependency); by default one from the app's services.</param>
    public async Task<Response> InvokeAsync<TFunction>(HttpContext context, Expression<Func<TFunction, HttpRequest, Task<IActionResult>>> call, TFunction? function = null)
        where TFunction : class
    {
        var invocation = (MethodCallExpression)call.Body;
        if (invocation.Method.DeclaringType == typeof(Task) && invocation.Arguments is [MethodCallExpression synchronous])
        {
            invocation = synchronous; // a synchronous function, wrapped by the overload below
        }

        var name = invocation.Method.GetCustomAttribute<FunctionAttribute>()?.Name
            ?? throw new ArgumentException($"{invocation.Method.Name} is not a [Function] method.", nameof(call));
        var bindingData = new Dictionary<string, object?>();
        foreach (var (parameter, argument) in invocation.Method.GetParameters().Zip(invocation.Arguments))
        {
            if (argument is not ParameterExpression && parameter.ParameterType != typeof(CancellationToken))
            {
                bindingData[parameter.Name!] = Expression.Lambda(argument).Compile(preferInterpretation: true).DynamicInvoke();
            }
        }

        if (!context.Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            var route = Services.GetRequiredService<HttpRoutes>().Find(name)!;
            var token = route.Access switch
            {
                RouteAccess.Creator => CallerTokens.Creator((string)bindingData[HttpPipeline.CreatorIdParameter]!, Time.GetUtcNow()),
                RouteAccess.Admin => CallerTokens.Admin(Time.GetUtcNow()),
                _ => null,
            };
            if (token is not null)
            {
                context.Request.Headers.Authorization = "Bearer " + token;
            }
        }

        var operation = ApiContractValidator.Instance.ById(name);
        var run = call.Compile();
        IActionResult? result = null;
        await WorkerPipeline.Compose(async _ => result = await run(function ?? Function<TFunction>(), context.Request))(
            new HarnessFunctionContext(name, Services, context, bindingData));
        var response = await ReadAsync(context, result);
        ApiContractValidator.Instance.AssertResponse(operation, response.Status, response.ContentType, response.Headers.ContainsKey, response.Body);
        return response;
    }

    public Task<Response> InvokeAsync<TFunction>(HttpContext context, Expression<Func<TFunction, Task<IActionResult>>> call, TFunction? function = null)
        where TFunction : class =>
        InvokeAsync(context, Expression.Lambda<Func<TFunction, HttpRequest, Task<IActionResult>>>(call.Body, call.Parameters[0], Expression.Parameter(typeof(HttpRequest), "r")), function);

    /// <summary>Calls a synchronous HTTP function (one that returns its result directly) the same way.</summary>
    public Task<Response> InvokeAsync<TFunction>(HttpContext context, Expression<Func<TFunction, HttpRequest, IActionResult>> call, TFunction? function = null)
        where TFunction : class =>
        InvokeAsync(
            context,
            Expression.Lambda<Func<TFunction, HttpRequest, Task<IActionResult>>>(
                Expression.Call(typeof(Task), nameof(Task.FromResult), [typeof(IActionResult)], call.Body), call.Parameters),
            function);

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

    /// <summary>Executes a result with no route behind it (tests of a result type itself); nothing to check it against.</summary>
    public static Task<Response> ExecuteUncheckedAsync(HttpContext context, IActionResult result) => ReadAsync(context, result);

    private static async Task<Response> ReadAsync(HttpContext context, IActionResult? result)
    {
        if (result is not null)
        {
            await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        }

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
