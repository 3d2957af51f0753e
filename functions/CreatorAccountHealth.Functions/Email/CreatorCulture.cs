using System.Globalization;
using CreatorAccountHealth.Domain.Time;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// How dates and times are written for one creator, from the profile's <c>locale</c> (a BCP 47 tag). The one place that
/// reads the locale: the page, the alert, weekly report and workshop emails all format through it.
/// </summary>
/// <remarks>
/// The copy is English only, so month and day names stay English (the pages and emails keep <c>lang="en"</c> and a screen
/// reader reads the whole sentence in one language); the locale decides the conventions around them: the order of day and
/// month ("5 December 2026" or "December 5, 2026") and the clock (24-hour "14:30" or 12-hour "2:30 PM"). A missing,
/// malformed or unknown locale gets <see cref="Default"/>: day before month and the 24-hour clock, what the product wrote
/// before it read locales, so those creators see exactly what they saw before.
/// </remarks>
public sealed class CreatorCulture
{
    // Names always come from the invariant culture: English, and the same whatever ICU version the host carries.
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>"5 December 2026", 24-hour clock: en-GB's conventions.</summary>
    public static readonly CreatorCulture Default = new(monthFirst: false, twelveHour: false);

    private static readonly CreatorCulture DayFirst12 = new(monthFirst: false, twelveHour: true);
    private static readonly CreatorCulture MonthFirst24 = new(monthFirst: true, twelveHour: false);
    private static readonly CreatorCulture MonthFirst12 = new(monthFirst: true, twelveHour: true);

    private readonly LocalDatePattern longDate;
    private readonly LocalDatePattern shortDate;
    private readonly LocalDatePattern dayMonthYear;
    private readonly LocalDatePattern dayMonth;
    private readonly LocalDatePattern dayOnly;
    private readonly LocalDatePattern weekday;
    private readonly LocalTimePattern time;

    private CreatorCulture(bool monthFirst, bool twelveHour)
    {
        MonthFirst = monthFirst;
        TwelveHour = twelveHour;
        longDate = Pattern(monthFirst ? "dddd, MMMM d, yyyy" : "dddd, d MMMM yyyy");
        shortDate = Pattern(monthFirst ? "ddd, MMM d" : "ddd d MMM");
        dayMonthYear = Pattern(monthFirst ? "MMMM d, yyyy" : "d MMMM yyyy");
        dayMonth = Pattern(monthFirst ? "MMMM d" : "d MMMM");
        dayOnly = Pattern("%d");
        weekday = Pattern("ddd");
        time = LocalTimePattern.Create(twelveHour ? "h:mm tt" : "HH:mm", English);
    }

    /// <summary>The month goes before the day ("December 5, 2026"), as in en-US.</summary>
    public bool MonthFirst { get; }

    /// <summary>Times on the 12-hour clock ("2:30 PM"), as in en-US.</summary>
    public bool TwelveHour { get; }

    /// <summary>
    /// The conventions of <paramref name="locale"/>, read from .NET's predefined culture data (never a made-up culture):
    /// month first when the culture's short date puts the month before the day, 12-hour when its short time uses an
    /// hour of 1–12. Null, blank, malformed (anything but letters, digits and hyphens) or unknown tags get <see cref="Default"/>; nothing here throws.
    /// </summary>
    public static CreatorCulture For(string? locale)
    {
        // A BCP 47 tag is ASCII letters, digits and hyphens; ICU would guess at anything else ("en_US", stray controls).
        if (string.IsNullOrEmpty(locale) || locale.Length > 85 || !locale.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return Default;
        }

        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(locale, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            return Default;
        }

        if (culture.Equals(CultureInfo.InvariantCulture))
        {
            return Default;
        }

        var dates = culture.DateTimeFormat;
        var shortDate = dates.ShortDatePattern;
        var month = shortDate.IndexOf('M', StringComparison.Ordinal);
        var day = shortDate.IndexOf('d', StringComparison.Ordinal);
        var monthFirst = month >= 0 && day >= 0 && month < day;
        var twelveHour = dates.ShortTimePattern.Contains('h', StringComparison.Ordinal);
        return (monthFirst, twelveHour) switch
        {
            (false, false) => Default,
            (false, true) => DayFirst12,
            (true, false) => MonthFirst24,
            (true, true) => MonthFirst12,
        };
    }

    /// <summary>"Saturday, 5 December 2026" or "Saturday, December 5, 2026".</summary>
    public string Date(LocalDate date) => longDate.Format(date);

    /// <summary>"5 December 2026" or "December 5, 2026".</summary>
    public string DayMonthYear(LocalDate date) => dayMonthYear.Format(date);

    /// <summary>"Tue 17 Nov" or "Tue, Nov 17": days inside a week, where the year goes without saying.</summary>
    public string ShortDate(LocalDate date) => shortDate.Format(date);

    /// <summary>"Tue": a day's column in the report's chart.</summary>
    public string Weekday(LocalDate date) => weekday.Format(date);

    /// <summary>"14:30" or "2:30 PM".</summary>
    public string Time(LocalTime time) => this.time.Format(time);

    /// <summary>
    /// A week: "16–22 November 2026", "28 November – 4 December 2026", "28 December 2026 – 3 January 2027"; month first
    /// "November 16–22, 2026", "November 28 – December 4, 2026", "December 28, 2026 – January 3, 2027".
    /// </summary>
    public string Period(ReportPeriod period)
    {
        var (first, last) = (period.FirstDay, period.LastDay);
        if (first.Year != last.Year)
        {
            return $"{dayMonthYear.Format(first)} \u2013 {dayMonthYear.Format(last)}";
        }

        if (first.Month != last.Month)
        {
            return $"{dayMonth.Format(first)} \u2013 {dayMonthYear.Format(last)}";
        }

        return MonthFirst
            ? $"{dayMonth.Format(first)}\u2013{dayOnly.Format(last)}, {last.Year.ToString(English)}"
            : $"{dayOnly.Format(first)}\u2013{dayMonthYear.Format(last)}";
    }

    private static LocalDatePattern Pattern(string pattern) => LocalDatePattern.Create(pattern, English);
}
