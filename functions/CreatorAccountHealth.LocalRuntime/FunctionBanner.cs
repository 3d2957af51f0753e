using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CreatorAccountHealth.LocalRuntime.Http;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Timers;

namespace CreatorAccountHealth.LocalRuntime;

/// <summary>The Core Tools start-up listing: each function with its methods and URL, its schedule and next run, or its queue.</summary>
internal static partial class FunctionBanner
{
    public static string Format(
        string baseUrl, IEnumerable<HttpFunction> http, IEnumerable<TimerFunction> timers, IEnumerable<ServiceBusFunction> serviceBus, DateTimeOffset now)
    {
        baseUrl = baseUrl.TrimEnd('/');
        var lines = http
            .Select(f => (f.Name, Line: $"{f.Name}: [{(f.Methods.Count == 0 ? "any method" : string.Join(",", f.Methods))}] {baseUrl}/{DisplayRoute(f.RouteTemplate)}"))
            .Concat(timers.Select(t => (t.Name, Line: $"{t.Name}: timerTrigger {t.Schedule}, next {Next(t, now)}{(t.RunOnStartup ? ", also run at start-up" : string.Empty)}")))
            .Concat(serviceBus.Select(f => (f.Name, Line: $"{f.Name}: serviceBusTrigger {f.Source}")))
            .OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase);

        var banner = new StringBuilder("Functions:").AppendLine();
        foreach (var (_, line) in lines)
        {
            banner.AppendLine().Append("        ").AppendLine(line);
        }

        return banner.ToString();
    }

    /// <summary>
    /// The route as a caller types it: a parameter that can only match one literal (<c>{area:regex(^admin$)}</c>, how
    /// routes under the host's reserved <c>admin</c> prefix are declared) shows as that literal.
    /// </summary>
    public static string DisplayRoute(string template) => SingleLiteralParameter().Replace(template, "$1");

    [GeneratedRegex(@"\{[A-Za-z_][A-Za-z0-9_]*:regex\(\^([A-Za-z0-9_.-]+)\$\)\}")]
    private static partial Regex SingleLiteralParameter();

    private static string Next(TimerFunction timer, DateTimeOffset now) =>
        timer.Schedule.GetNextOccurrence(now)?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "never";
}
