using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.TestSupport;

/// <summary>A request as SendGrid's API received it.</summary>
/// <param name="Status">What the fake answered.</param>
public sealed record CapturedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status = 202)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";
}

/// <summary>What the fake answers next.</summary>
public sealed record ScriptedResponse(int Status, string Body = "", IReadOnlyDictionary<string, string>? Headers = null)
{
    public static ScriptedResponse Accepted { get; } = new(202);

    public static ScriptedResponse TooManyRequests(int retryAfterSeconds) => new(
        429,
        """{"errors":[{"field":null,"message":"too many requests"}]}""",
        new Dictionary<string, string> { ["Retry-After"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public static ScriptedResponse ServerError { get; } = new(500, """{"errors":[{"field":null,"message":"internal error"}]}""");

    /// <summary>SendGrid's 400: a JSON list of errors naming the field at fault.</summary>
    public static ScriptedResponse BadRequest(string field, string message) => new(
        400, JsonSerializer.Serialize(new { errors = new[] { new { message, field, help = (string?)null } } }));
}

/// <summary>
/// Stands in for SendGrid's API on 127.0.0.1 (Kestrel, a free port): records every request and answers from a script,
/// 202 once the script runs out. Point the real SendGrid client at <see cref="BaseUrl"/> through SendGrid__Host.
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ScriptedResponse> script = new();
    private readonly ConcurrentQueue<CapturedRequest> requests = new();

    private readonly bool keepBodies;
    private long bodyBytes;

    private FakeSendGrid(WebApplication app, bool keepBodies)
    {
        this.app = app;
        this.keepBodies = keepBodies;
    }

    /// <summary>Request body bytes received, in total (also when bodies are not kept).</summary>
    public long BodyBytes => Interlocked.Read(ref bodyBytes);

    public string BaseUrl => app.Urls.First();

    public IReadOnlyList<CapturedRequest> Requests => requests.ToList();

    /// <summary>Requests answered 2xx: emails SendGrid accepted.</summary>
    public IReadOnlyList<CapturedRequest> Accepted => requests.Where(r => r.Status is >= 200 and < 300).ToList();

    /// <summary>Answers a request when the script is empty (a timeline of outages, say); null: 202.</summary>
    public Func<ScriptedResponse?>? Responder { get; set; }

    /// <param name="keepBodies">False for a load test: each body is read and counted (<see cref="BodyBytes"/>) but not
    /// kept, so the stand-in costs about what reading the request costs, not a copy of every email held in memory.</param>
    public static async Task<FakeSendGrid> StartAsync(bool keepBodies = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeSendGrid(builder.Build(), keepBodies);
        fake.app.Run(fake.HandleAsync);
        await fake.app.StartAsync();
        return fake;
    }

    public void Script(params ScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            script.Enqueue(response);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    private async Task HandleAsync(HttpContext context)
    {
        var body = "";
        if (keepBodies)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            Interlocked.Add(ref bodyBytes, System.Text.Encoding.UTF8.GetByteCount(body));
        }
        else
        {
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    Interlocked.Add(ref bodyBytes, read);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var response = script.TryDequeue(out var next) ? next : Responder?.Invoke() ?? ScriptedResponse.Accepted;
        requests.Enqueue(new CapturedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            keepBodies ? context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase) : NoHeaders,
            body,
            response.Status));

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        if (response.Body.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(response.Body, context.RequestAborted);
        }
    }
}
