using System.Text.RegularExpressions;

namespace CreatorAccountHealth.Functions.Tests.Reports.Rendering;

/// <summary>Reads the chart back out of report HTML, as rendered or as a browser serialized it.</summary>
internal static partial class ReportHtml
{
    /// <summary>Each chart column's bar height in pixels, 0 for a column without a bar (bars appear nowhere else).</summary>
    public static int[] BarHeights(string html) =>
        ChartDay().Split(html)
            .Skip(1)
            .Select(column => ChartBar().Match(column) is { Success: true } bar ? int.Parse(bar.Groups["px"].Value) : 0)
            .ToArray();

    [GeneratedRegex("""<td class="chart-day"[^>]*>""")]
    private static partial Regex ChartDay();

    [GeneratedRegex(@"class=""chart-bar"" height=""(?<px>\d+)""")]
    private static partial Regex ChartBar();
}
