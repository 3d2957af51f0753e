using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Tests.Reports.Rendering;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// The same alert and the same weekly report for creators whose profiles name different locales: the dates follow each
/// locale's order, the words stay English, and a junk locale reads exactly like en-GB (the default).
/// </summary>
public sealed class LocalizedEmailTests
{
    private readonly AlertEmailRenderer alerts = new();
    private readonly WeeklyReportRenderer reports = new();

    [Theory]
    [InlineData("en-US", "Last day to take it: Wednesday, March 31, 2027", "Points expire on Tuesday, May 4, 2027")]
    [InlineData("en-GB", "Last day to take it: Wednesday, 31 March 2027", "Points expire on Tuesday, 4 May 2027")]
    [InlineData("de-DE", "Last day to take it: Wednesday, 31 March 2027", "Points expire on Tuesday, 4 May 2027")]
    [InlineData("no-such-locale", "Last day to take it: Wednesday, 31 March 2027", "Points expire on Tuesday, 4 May 2027")]
    public void The_alert_writes_its_dates_in_the_creators_locale(string locale, string quizDeadline, string expiry)
    {
        // Auckland: the 2 February 14:00 UTC points expire on 4 May local time; the quiz closes on the last local day of March.
        var email = alerts.Render(SampleAlerts.Reached(zone: "Pacific/Auckland"), SampleAlerts.Profile(timeZone: "Pacific/Auckland", locale: locale));

        Assert.Contains(quizDeadline, email.Html);
        Assert.Contains(expiry, email.Html);
        Assert.Equal("en", new AngleSharp.Html.Parser.HtmlParser().ParseDocument(email.Html).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public void A_junk_locale_renders_the_alert_byte_for_byte_like_the_default()
    {
        var english = alerts.Render(SampleAlerts.Reached(), SampleAlerts.Profile(locale: "en-GB"));
        var junk = alerts.Render(SampleAlerts.Reached(), SampleAlerts.Profile(locale: "<script>"));
        var none = alerts.Render(SampleAlerts.Reached(), SampleAlerts.Profile(locale: null));

        Assert.Equal(english, junk);
        Assert.Equal(english, none);
    }

    [Fact]
    public void The_weekly_report_for_an_en_US_creator_puts_the_month_first_everywhere()
    {
        var profile = SampleReports.Profile(locale: "en-US");
        var report = SampleReports.Busy();
        var noAlert = report with { Standing = report.Standing with { Alert = null } };

        var html = reports.RenderHtml(report, profile);
        var text = reports.RenderEmail(report, profile).Text;

        Assert.Equal("Your weekly account health report: 6 violations, November 16–22, 2026", reports.RenderEmail(noAlert, profile).Subject);
        Assert.Contains("Your week: November 16–22, 2026", html);
        Assert.Contains("The week before (November 9–15, 2026): 1 violation, 1 point.", text);
        Assert.Contains("Thu, Nov 19, livestream-v-4, 2 points", text);
        Assert.Contains("- Sunday, January 3, 2027: -4 points", text);
        Assert.Contains("Last day to take it: Monday, November 30, 2026 &middot; 3 attempts left", html);
        Assert.DoesNotContain("16–22 November", html + text);
    }

    [Theory]
    [InlineData("en-GB")]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("x-junk-")]
    public void The_weekly_report_for_a_day_first_or_unknown_locale_is_the_default_report(string locale)
    {
        var report = SampleReports.Busy();

        Assert.Equal(reports.RenderHtml(report, SampleReports.Profile()), reports.RenderHtml(report, SampleReports.Profile(locale: locale)));
        Assert.Equal(reports.RenderEmail(report, SampleReports.Profile()).Text, reports.RenderEmail(report, SampleReports.Profile(locale: locale)).Text);
        Assert.Contains("Your week: 16–22 November 2026", reports.RenderHtml(report, SampleReports.Profile(locale: locale)));
    }
}
