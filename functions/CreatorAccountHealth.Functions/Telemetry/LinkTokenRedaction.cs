using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace CreatorAccountHealth.Functions.Telemetry;

/// <summary>
/// Links from emails carry a signed token in their query (<c>?token=…</c>): any span attribute holding a URL with one
/// (<c>url.full</c>, <c>url.query</c>, whatever an instrumentation adds) has the value replaced before any exporter sees
/// the span. The app's own code never records a query; this is the one place that makes sure nothing else does.
/// </summary>
public sealed partial class LinkTokenRedaction : BaseProcessor<Activity>
{
    public const string Redacted = "token=REDACTED";

    /// <summary><paramref name="text"/> with every <c>token=</c> value replaced; unchanged (the same instance) when it has none.</summary>
    public static string Redact(string text) =>
        text.Contains("token=", StringComparison.OrdinalIgnoreCase) ? TokenParameter().Replace(text, Redacted) : text;

    public override void OnEnd(Activity data)
    {
        List<(string Key, string Value)>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            if (tag.Value is string value && Redact(value) is var redacted && !ReferenceEquals(redacted, value))
            {
                (changed ??= []).Add((tag.Key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }
    }

    [GeneratedRegex(@"token=[^&#\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex TokenParameter();
}
