using System.Globalization;
using Cronos;

namespace CreatorAccountHealth.LocalRuntime.Timers;

/// <summary>When a timer function is due: an NCRONTAB expression in the app's time zone, or a fixed interval.</summary>
internal abstract class TimerSchedule
{
    /// <summary>The first occurrence strictly after <paramref name="after"/>; null when there is none.</summary>
    public abstract DateTimeOffset? GetNextOccurrence(DateTimeOffset after);

    /// <summary>
    /// As the Functions timer trigger: six-field NCRONTAB with seconds (five fields accepted too), else a TimeSpan
    /// such as "00:05:00" meaning "that long after the previous run". Null when the expression is neither.
    /// </summary>
    public static TimerSchedule? Parse(string expression, TimeZoneInfo zone)
    {
        if (CronExpression.TryParse(expression, CronFormat.IncludeSeconds, out var cron)
            || CronExpression.TryParse(expression, CronFormat.Standard, out cron))
        {
            return new Cron(expression, cron, zone);
        }

        return TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
            ? new Interval(interval)
            : null;
    }

    /// <summary>
    /// Azure's rule: schedules are in UTC unless WEBSITE_TIME_ZONE (or TZ) names a zone, in Windows or IANA form.
    /// </summary>
    public static TimeZoneInfo TimeZoneFrom(IConfiguration configuration)
    {
        foreach (var setting in (string[])["WEBSITE_TIME_ZONE", "TZ"])
        {
            var id = configuration[setting];
            if (string.IsNullOrWhiteSpace(id))
            {
                continue;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw new LocalRuntimeConfigurationException($"Setting {setting} is '{id}', which is not a time zone known to this machine.", e);
            }
        }

        return TimeZoneInfo.Utc;
    }

    // Keeps the text as written: CronExpression.ToString() normalizes it.
    private sealed class Cron(string text, CronExpression expression, TimeZoneInfo zone) : TimerSchedule
    {
        public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => expression.GetNextOccurrence(after, zone);

        public override string ToString() => $"{text} ({zone.Id})";
    }

    private sealed class Interval(TimeSpan interval) : TimerSchedule
    {
        public override DateTimeOffset? GetNextOccurrence(DateTimeOffset after) => after + interval;

        public override string ToString() => $"every {interval}";
    }
}
