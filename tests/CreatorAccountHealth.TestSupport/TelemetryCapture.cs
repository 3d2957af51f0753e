using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Sdk;

namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// Every span, metric point and log record of a test assembly, in memory: one tracer and one meter provider for the
/// whole process (listeners are process-wide, so they see every app a test starts), plus a logger provider each
/// harness adds to its app's logging. Each record is checked for personal data as it arrives (metrics when flushed):
/// an email address, a bearer token or JWT, a key, or any display name, notice text or violation message a test sent
/// the app (<see cref="ForbidPersonalDataOf"/>). Harnesses call <see cref="AssertNothingPrivate"/> when they are
/// disposed, so a leak fails the test that was running, and the rest of the suite after it.
/// </summary>
public sealed partial class TelemetryCapture : ILoggerProvider
{
    private static readonly Lazy<TelemetryCapture> SharedCapture = new(() => new TelemetryCapture());

    private readonly ConcurrentQueue<Activity> spans = new();
    private readonly List<MetricSnapshot> metrics = [];
    private readonly ConcurrentQueue<string> violations = new();
    private readonly ConcurrentDictionary<string, byte> forbidden = new(StringComparer.Ordinal);
    private readonly TracerProvider tracerProvider;
    private readonly MeterProvider meterProvider;
    private int logRecords;
    private int metricPointsChecked;

    private TelemetryCapture()
    {
        tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource(AppTelemetry.Sources)
            .AddProcessor(new SpanSink(this))
            .Build()!;
        meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(AppTelemetry.Name)
            .AddInMemoryExporter(metrics)
            .Build()!;
    }

    public static TelemetryCapture Shared => SharedCapture.Value;

    /// <summary>Spans ended so far, every app of the assembly.</summary>
    public IReadOnlyList<Activity> Spans => [.. spans];

    public int LogRecords => Volatile.Read(ref logRecords);

    /// <summary>The spans of one trace.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. spans.Where(s => s.TraceId == traceId)];

    /// <summary>
    /// The creator's personal data in a webhook body (email, display name, notice title and body, violation message):
    /// none of it may show up in telemetry. Harnesses call this for every webhook they send.
    /// </summary>
    public void ForbidPersonalDataOf(string webhookJson)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(webhookJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return;
        }

        // Test data often names a creator after their id ("Creator c-1"): such a text can't be told apart from the id,
        // which telemetry may carry, so it is left to the address and secret patterns.
        var creatorId = new[] { "creator", "notice", "violation" }
            .Select(o => o == "creator" ? root?[o]?["id"] : root?[o]?["creatorId"])
            .OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var id) ? id : null).FirstOrDefault(id => !string.IsNullOrEmpty(id));
        foreach (var path in new[] { ("creator", "email"), ("creator", "displayName"), ("notice", "title"), ("notice", "body"), ("violation", "message") })
        {
            if (root?[path.Item1]?[path.Item2] is JsonValue value && value.TryGetValue<string>(out var text) && text.Trim().Length >= 4
                && (creatorId is null || !text.Contains(creatorId, StringComparison.Ordinal)))
            {
                forbidden.TryAdd(text.Trim(), 0);
            }
        }
    }

    /// <summary>Fails with every record that carried personal data since the last call (each reported once).</summary>
    public void AssertNothingPrivate()
    {
        CheckMetrics();
        var found = new List<string>();
        while (violations.TryDequeue(out var violation))
        {
            found.Add(violation);
        }

        if (found.Count > 0)
        {
            throw new XunitException($"Personal data in telemetry ({found.Count}):\n" + string.Join("\n", found.Distinct().Take(20)));
        }
    }

    /// <summary>Metric points with their dimensions, after a flush; only this assembly's apps record on the app's meter.</summary>
    public IReadOnlyList<MetricSnapshot> Metrics()
    {
        meterProvider.ForceFlush();
        lock (metrics)
        {
            return [.. metrics];
        }
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
        // Shared for the process: disposed with it.
    }

    /// <summary>What in <paramref name="text"/> is personal data, or null.</summary>
    public string? FindPersonalData(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (EmailAddress().Match(text) is { Success: true } email)
        {
            return $"an email address ({email.Value})";
        }

        if (Secret().Match(text) is { Success: true } secret)
        {
            return $"a token or key ({secret.Value[..Math.Min(12, secret.Value.Length)]}…)";
        }

        return forbidden.Keys.FirstOrDefault(f => text.Contains(f, StringComparison.Ordinal)) is { } value
            ? $"a creator's text ('{value}')"
            : null;
    }

    private void Check(string where, string? text)
    {
        if (FindPersonalData(text) is { } what)
        {
            violations.Enqueue($"{where}: {what}");
        }
    }

    private void CheckSpan(Activity span)
    {
        var where = $"span '{span.DisplayName}' ({span.Source.Name})";
        Check(where, span.DisplayName);
        Check(where, span.StatusDescription);
        foreach (var tag in span.TagObjects)
        {
            Check($"{where} attribute {tag.Key}", tag.Value?.ToString());
        }

        foreach (var e in span.Events)
        {
            Check($"{where} event {e.Name}", e.Name);
            foreach (var tag in e.Tags)
            {
                Check($"{where} event {e.Name} {tag.Key}", tag.Value?.ToString());
            }
        }
    }

    private void CheckMetrics()
    {
        var snapshot = Metrics();
        foreach (var metric in snapshot.Skip(Volatile.Read(ref metricPointsChecked)))
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    Check($"metric {metric.Name} dimension {tag.Key}", tag.Value?.ToString());
                }
            }
        }

        Volatile.Write(ref metricPointsChecked, snapshot.Count);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")]
    private static partial Regex EmailAddress();

    // A bearer token, a JWT (three base64url parts starting {"), a SendGrid key, a shared access or account key, a link
    // token in a URL's query (?token=…, unless redacted).
    [GeneratedRegex(@"Bearer\s+\S+|eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.|SG\.[A-Za-z0-9_-]{10,}|SharedAccessKey=[^;\s]+|AccountKey=[^;\s]+|[?&]token=(?!REDACTED)[^&\s""']+")]
    private static partial Regex Secret();

    private sealed class SpanSink(TelemetryCapture capture) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            capture.CheckSpan(data);
            capture.spans.Enqueue(data);
        }
    }

    private sealed class CapturingLogger(TelemetryCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            CheckState($"log scope in {category}", state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Interlocked.Increment(ref capture.logRecords);
            var where = $"{logLevel} log in {category}";
            capture.Check(where, formatter(state, exception));
            CheckState(where, state);
            for (var e = exception; e is not null; e = e.InnerException)
            {
                capture.Check($"{where}, exception", e.Message);
            }
        }

        private void CheckState<TState>(string where, TState state)
        {
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    capture.Check($"{where} field {key}", value?.ToString());
                }
            }
        }
    }
}

public static class TelemetryCaptureLogging
{
    /// <summary>Sends the app's logs (Information and up, whatever the app's minimum) to <see cref="TelemetryCapture.Shared"/>.</summary>
    public static ILoggingBuilder AddTelemetryCapture(this ILoggingBuilder logging) =>
        // No exception for the app's request lines: the app keeps them off for every provider (AddCreatorAccountHealth), and
        // this capture checks that it does.
        logging.AddProvider(TelemetryCapture.Shared).AddFilter<TelemetryCapture>(null, LogLevel.Information);
}
