using System.Diagnostics;

namespace CreatorAccountHealth.Functions.Telemetry;

/// <summary>
/// W3C trace context inside Service Bus messages, so the function that receives a message continues the trace that
/// sent it (the email of a violation in the webhook's trace, a report page in its run's). Written as
/// <c>Diagnostic-Id</c>, which the Service Bus SDK and the Functions host's trigger read, and as <c>traceparent</c>
/// (+ <c>tracestate</c>), the W3C names.
/// </summary>
public static class MessageTraceContext
{
    public const string DiagnosticId = "Diagnostic-Id";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>Adds the context of <paramref name="activity"/> (the send span) to a message's application properties.</summary>
    public static void Inject(Activity? activity, IDictionary<string, object> properties)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C)
        {
            return;
        }

        properties[DiagnosticId] = activity.Id!;
        properties[TraceParent] = activity.Id!;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
        {
            properties[TraceState] = activity.TraceStateString;
        }
    }

    /// <summary>The sender's context, or default (a new trace) when the message carries none or a malformed one.</summary>
    public static ActivityContext Extract(IReadOnlyDictionary<string, object> properties)
    {
        var state = properties.TryGetValue(TraceState, out var s) ? s as string : null;
        foreach (var key in new[] { TraceParent, DiagnosticId })
        {
            if (properties.TryGetValue(key, out var value) && value is string id && ActivityContext.TryParse(id, state, isRemote: true, out var context))
            {
                return context;
            }
        }

        return default;
    }
}
