using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Links;
using Fluid;

namespace CreatorAccountHealth.Functions.Reports.Rendering;

/// <summary>
/// Renders weekly reports from the Liquid templates embedded under Reports/Rendering/Templates, for the email and for
/// the web (the same HTML). Templates are parsed once (register as a singleton). The HTML goes through the HTML
/// encoder, so every value from outside (names, policy titles, notice texts, content ids) is escaped.
/// </summary>
public sealed class WeeklyReportRenderer
{
    private readonly IFluidTemplate htmlTemplate = LiquidTemplates.Parse(typeof(WeeklyReportRenderer), "weekly-report.html.liquid");
    private readonly IFluidTemplate textTemplate = LiquidTemplates.Parse(typeof(WeeklyReportRenderer), "weekly-report.txt.liquid");
    private readonly TemplateOptions options = LiquidTemplates.Options(
        typeof(WeeklyReportEmailModel),
        typeof(WeekSummary),
        typeof(ChartBar),
        typeof(SurfaceSection),
        typeof(PolicyBreakdown),
        typeof(ViolationEntry),
        typeof(RankedPolicy),
        typeof(NoticeEntry),
        typeof(TrainingEntry),
        typeof(StandingView),
        typeof(ExpiryLine),
        typeof(GuidanceEntry),
        typeof(QuizEntry));

    /// <param name="profile">The creator's current profile, for the greeting; without one the name in the report is used.</param>
    /// <param name="links">The email's links; null on the web (the report is shown inside the page).</param>
    public string RenderHtml(WeeklyReport report, CreatorProfile? profile, EmailLinks? links = null) =>
        htmlTemplate.RenderHtml(WeeklyReportEmailModel.From(report, profile, CreatorCulture.For(profile?.Locale), links), options);

    /// <summary>
    /// The email: subject, HTML and text from one model, so everything in it (dates, wording, the signed links) is worked
    /// out once for both parts.
    /// </summary>
    /// <param name="profile">The creator's current profile: the greeting (without one the name in the report is used) and
    /// the locale, which decides how the week's dates are written.</param>
    /// <param name="links">The email's links (null: an email without them, as the tests of its wording render it).</param>
    public RenderedReportEmail RenderEmail(WeeklyReport report, CreatorProfile? profile, EmailLinks? links = null)
    {
        var model = WeeklyReportEmailModel.From(report, profile, CreatorCulture.For(profile?.Locale), links);
        return new RenderedReportEmail(model.Subject, htmlTemplate.RenderHtml(model, options), textTemplate.RenderText(model, options));
    }

    /// <summary>
    /// The report on the creator's Account Standing page: the email's HTML as it was sent (the name in the report), inside
    /// a <c>main</c> landmark with a link back to the page.
    /// </summary>
    /// <param name="culture">The creator's current conventions for dates (the page reads the profile's locale).</param>
    public string RenderPage(WeeklyReport report, string pageHome, CreatorCulture culture) =>
        htmlTemplate.RenderHtml(WeeklyReportEmailModel.From(report, profile: null, culture) with { PageHome = pageHome }, options);
}

/// <summary>A weekly report email, rendered.</summary>
public sealed record RenderedReportEmail(string Subject, string Html, string Text);
