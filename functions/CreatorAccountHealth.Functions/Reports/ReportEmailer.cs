using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Reports.Rendering;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// Emails a stored report to its creator once, through the notifications module (<see cref="EmailDelivery"/>): the email's
/// key is the creator and the run's cutoff (<see cref="EmailKeys.WeeklyReport"/>), so a re-run, a redelivered page or a
/// backfill racing the timer run send one email between them.
/// </summary>
public sealed class ReportEmailer(EmailDelivery delivery, WeeklyReportRenderer renderer, EmailLinkFactory links)
{
    public const string Category = "weekly-report";

    /// <summary>The SendGrid custom arg carrying the report id back on SendGrid's events.</summary>
    public const string ReportIdArg = "reportId";

    /// <param name="recipient">The creator as the run just read them: a later opt-out or address change wins over an older build.</param>
    /// <param name="justRead">What the caller's read of this email's record found a moment ago, if it read it.</param>
    /// <exception cref="Storage.StorageUnavailableException">Storage can't answer now.</exception>
    public Task<DeliveryOutcome> EmailOnceAsync(StoredReport report, EmailRecipient recipient, CancellationToken cancellationToken, LedgerRead? justRead = null) =>
        delivery.DeliverOnceAsync(
            new EmailJob(
                report.Report.CreatorId, EmailKeys.WeeklyReport(report.Cutoff), EmailKind.WeeklyReport, Category, profile => Render(report, profile), recipient,
                JustRead: justRead),
            cancellationToken);

    private OutgoingEmail Render(StoredReport stored, CreatorProfile profile)
    {
        var report = stored.Domain;
        var emailLinks = links.For(report.CreatorId, EmailKind.WeeklyReport);
        var rendered = renderer.RenderEmail(report, profile, emailLinks);
        return new OutgoingEmail(
            Category,
            rendered.Subject,
            rendered.Html,
            rendered.Text,
            new Dictionary<string, string> { [ReportIdArg] = report.ReportId },
            Headers: emailLinks.Headers);
    }
}
