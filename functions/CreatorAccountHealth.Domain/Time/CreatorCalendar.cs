using CreatorAccountHealth.Domain.Creators;
using NodaTime;

namespace CreatorAccountHealth.Domain.Time;

/// <summary>
/// The calendar rules of the product, written once. Rules that speak of days in the creator's life
/// ("the last day of the following month", "30 calendar days") use the creator's time zone, UTC when unknown;
/// rules that speak of elapsed time (points stay active for 90 days) use exact durations.
/// </summary>
/// <summary>Whole local days <see cref="FirstDay"/> to <see cref="LastDay"/> in <see cref="Zone"/>.</summary>
public sealed record ReportPeriod(LocalDate FirstDay, LocalDate LastDay, DateTimeZone Zone)
{
    /// <summary>The first instant of the period (start of <see cref="FirstDay"/> in the zone).</summary>
    public Instant Start => FirstDay.AtStartOfDayInZone(Zone).ToInstant();

    /// <summary>The first instant after the period.</summary>
    public Instant End => LastDay.PlusDays(1).AtStartOfDayInZone(Zone).ToInstant();

    public IEnumerable<LocalDate> Days => Enumerable.Range(0, Period.Between(FirstDay, LastDay, PeriodUnits.Days).Days + 1).Select(FirstDay.PlusDays);

    public bool Contains(Instant instant) => instant >= Start && instant < End;

    /// <summary>The seven days before this period, in the same zone.</summary>
    public ReportPeriod Previous => new(FirstDay.PlusDays(-7), LastDay.PlusDays(-7), Zone);
}

public static class CreatorCalendar
{
    /// <summary>The creator's zone, or UTC when the profile names none (or one this build doesn't know).</summary>
    public static DateTimeZone ZoneOf(CreatorProfile? profile) =>
        ResolveZone(profile?.TimeZoneId);

    public static DateTimeZone ResolveZone(string? timeZoneId) =>
        timeZoneId is null ? DateTimeZone.Utc : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) ?? DateTimeZone.Utc;

    public static bool IsKnownZone(string timeZoneId) => DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) is not null;

    /// <summary>The instant a violation's points stop counting: exactly <paramref name="activeFor"/> after issue.</summary>
    public static Instant PointsExpireAt(Instant issuedAt, Duration activeFor) => issuedAt + activeFor;

    /// <summary>
    /// The last moment a violation's quiz can be taken: the end of the last day of the month after the month of issue,
    /// in the creator's zone (issued 31 January → until 28 or 29 February, 23:59:59.999… local). Returned as the first
    /// instant after the window, so "open" is <c>now &lt; QuizWindowEnd</c>.
    /// </summary>
    public static Instant QuizWindowEnd(Instant issuedAt, DateTimeZone zone)
    {
        var issuedOn = LocalDateOf(issuedAt, zone);
        var firstOfMonthAfterNext = new LocalDate(issuedOn.Year, issuedOn.Month, 1).PlusMonths(2);
        return firstOfMonthAfterNext.AtStartOfDayInZone(zone).ToInstant();
    }

    /// <summary>
    /// "The past seven days" before a run's cutoff, as the creator lives them: the seven whole local days before the
    /// local day the cutoff falls on (a Monday-morning run covers Monday to Sunday of the week before, in each
    /// creator's own zone). Days are calendar days, 23 or 25 hours across daylight saving changes.
    /// </summary>
    public static ReportPeriod PastSevenDays(Instant cutoff, DateTimeZone zone)
    {
        var cutoffDay = LocalDateOf(cutoff, zone);
        var firstDay = cutoffDay.PlusDays(-7);
        return new ReportPeriod(firstDay, cutoffDay.PlusDays(-1), zone);
    }

    /// <summary>The creator's local date of an instant.</summary>
    public static LocalDate LocalDateOf(Instant instant, DateTimeZone zone) => instant.InZone(zone).Date;
}
