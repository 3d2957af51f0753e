using System.Globalization;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Email;

namespace CreatorAccountHealth.Functions.Reports.Rendering;

/// <summary>One day's column of the violations-per-day chart.</summary>
/// <param name="BarHeight">Pixels; 0 draws no bar. The busiest day is <see cref="ReportChart.MaxBarHeight"/>.</param>
/// <param name="Description">The whole bar in words, for the cell's title.</param>
/// <param name="TextLine">The bar in the plain-text email: "Tue 17  ### 3".</param>
public sealed record ChartBar(string Weekday, string DayOfMonth, int Count, int BarHeight, string Description, string TextLine);

/// <summary>
/// The violations-per-day chart as numbers the templates lay out as an HTML table: email clients run no script and many
/// block images, but every one of them draws table cells with a height and a background colour.
/// </summary>
public static class ReportChart
{
    public const int MaxBarHeight = 96;

    /// <summary>A day with any violation still gets a visible bar, however busy the busiest day was.</summary>
    public const int MinBarHeight = 4;

    public static IReadOnlyList<ChartBar> Bars(IReadOnlyList<DayTally> perDay, CreatorCulture culture)
    {
        var busiest = perDay.Count == 0 ? 0 : perDay.Max(d => d.Count);
        return perDay
            .Select(day =>
            {
                var weekday = culture.Weekday(day.Date);
                var dayOfMonth = day.Date.Day.ToString(CultureInfo.InvariantCulture);
                return new ChartBar(
                    weekday,
                    dayOfMonth,
                    day.Count,
                    Height(day.Count, busiest),
                    $"{culture.Date(day.Date)}: {EmailFormat.Count(day.Count, "violation", "violations")}",
                    $"{weekday} {dayOfMonth,2}  {new string('#', day.Count)}{(day.Count > 0 ? " " : "")}{day.Count.ToString(CultureInfo.InvariantCulture)}");
            })
            .ToList();
    }

    private static int Height(int count, int busiest) =>
        count == 0 ? 0 : Math.Max(MinBarHeight, (int)Math.Round(count * (double)MaxBarHeight / busiest, MidpointRounding.AwayFromZero));
}
