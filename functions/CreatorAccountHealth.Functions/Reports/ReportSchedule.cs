using Cronos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// The weekly timer's schedule (<c>ReportsSchedule</c>), read the way the Functions host reads it: six-field NCRONTAB
/// (five fields accepted too) in the host's zone. The timer uses it to name the occurrence it is running, because
/// <c>TimerInfo</c> does not say so reliably: in Azure <c>ScheduleStatus</c> is null without the storage monitor, and its
/// <c>Next</c> means "this run" there while the local runtime puts this run in <c>Last</c>.
/// </summary>
public sealed class ReportSchedule
{
    private readonly CronExpression expression;
    private readonly TimeZoneInfo zone;

    private ReportSchedule(CronExpression expression, TimeZoneInfo zone)
    {
        this.expression = expression;
        this.zone = zone;
    }

    /// <summary>Null (with the reason) when the expression or the zone is not one the host would accept.</summary>
    public static ReportSchedule? TryCreate(string expression, string? timeZoneId, out string? problem)
    {
        problem = null;
        if (!CronExpression.TryParse(expression, CronFormat.IncludeSeconds, out var cron)
            && !CronExpression.TryParse(expression, CronFormat.Standard, out cron))
        {
            problem = $"{ReportOptions.ScheduleSetting} must be an NCRONTAB expression '{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}' such as '{ReportOptions.DefaultSchedule}', not '{expression}'.";
            return null;
        }

        if (timeZoneId is null)
        {
            return new ReportSchedule(cron, TimeZoneInfo.Utc);
        }

        try
        {
            return new ReportSchedule(cron, TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problem = $"The schedule's time zone '{timeZoneId}' (WEBSITE_TIME_ZONE or TZ) is not known to this machine.";
            return null;
        }
    }

    /// <summary>
    /// The occurrence a run at <paramref name="now"/> belongs to: the nearest one. A timer fires a moment after its
    /// occurrence, sometimes (clock skew) a moment before, and hours after when it was past due; taking the nearest
    /// names the same occurrence in each case, so a repeated run gets the same cutoff and the same message ids.
    /// </summary>
    public Instant OccurrenceNearest(Instant now)
    {
        var at = now.ToDateTimeOffset();
        var previous = expression.GetPreviousOccurrence(at, zone, inclusive: true);
        var next = expression.GetNextOccurrence(at, zone);
        var nearest = (previous, next) switch
        {
            ({ } p, { } n) => at - p <= n - at ? p : n,
            ({ } p, null) => p,
            (null, { } n) => n,
            _ => throw new InvalidOperationException($"The schedule '{expression}' has no occurrences."),
        };
        return Instant.FromDateTimeOffset(nearest);
    }
}
