using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Tests.Reports.Rendering;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>The stored JSON of a report: its shape, and that it gives back the report it was made from.</summary>
public class WeeklyReportViewTests
{
    private static string Json(WeeklyReportView view) => JsonSerializer.Serialize(view, AppJson.Options);

    [Fact]
    public void A_report_read_back_from_its_json_is_the_report_it_was_made_from()
    {
        var report = SampleReports.Busy();
        var json = Json(WeeklyReportView.From(report));

        var back = JsonSerializer.Deserialize<WeeklyReportView>(json, AppJson.Options)!.ToDomain();

        Assert.Equal(json, Json(WeeklyReportView.From(back)));
        Assert.Equal(report.Period, back.Period);

        // What matters most: the stored report renders the very HTML the email carried.
        var renderer = new WeeklyReportRenderer();
        Assert.Equal(renderer.RenderHtml(report, null), renderer.RenderHtml(back, null));
    }

    [Fact]
    public void The_json_uses_the_apis_conventions()
    {
        var json = JsonDocument.Parse(Json(WeeklyReportView.From(SampleReports.Busy()))).RootElement;

        Assert.Equal("weekly-2026-11-16-2026-11-22", json.GetProperty("reportId").GetString());
        var period = json.GetProperty("period");
        Assert.Equal("2026-11-16", period.GetProperty("firstDay").GetString());
        Assert.Equal("Europe/London", period.GetProperty("timeZone").GetString());
        Assert.Equal("2026-11-23T06:00:00Z", json.GetProperty("cutoff").GetString());
        var violations = json.GetProperty("violations");
        Assert.Equal(7, violations.GetProperty("perDay").GetArrayLength());
        Assert.All(violations.GetProperty("bySurface").EnumerateArray(), g => Assert.Contains(g.GetProperty("surface").GetString(), new[] { "livestream", "video" }));
        Assert.Equal("reached", json.GetProperty("standing").GetProperty("alert").GetString());
        Assert.Equal("formal-warning", json.GetProperty("standing").GetProperty("currentMilestone").GetProperty("key").GetString());
    }
}
