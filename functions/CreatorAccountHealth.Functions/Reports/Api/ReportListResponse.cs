using CreatorAccountHealth.Domain.Alerts;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary>The JSON of <c>GET /api/creators/{creatorId}/reports</c>: a page of summaries, newest first.</summary>
/// <param name="ContinuationToken">Pass it back as <c>?continuationToken=</c> for the next page; null on the last page.</param>
public sealed record ReportListResponse(IReadOnlyList<ReportListEntry> Items, string? ContinuationToken)
{
    public static ReportListResponse From(ReportPage page) => new(page.Items.Select(ReportListEntry.From).ToList(), page.ContinuationToken);
}

/// <summary>One report in the list: enough to choose it without fetching it.</summary>
/// <param name="PeriodStart">The first local day of the week, in <paramref name="TimeZone"/>.</param>
/// <param name="PeriodEnd">The last local day of the week (inclusive).</param>
/// <param name="GeneratedAt">When the report was built and stored.</param>
/// <param name="EmailedAt">When SendGrid accepted its email; null when it wasn't (yet) sent.</param>
public sealed record ReportListEntry(
    string ReportId,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    string TimeZone,
    int ViolationCount,
    int ViolationPoints,
    int NoticeCount,
    int ActivePoints,
    AlertKind? Alert,
    Instant GeneratedAt,
    Instant? EmailedAt)
{
    public static ReportListEntry From(ReportListItem item)
    {
        var summary = item.Summary;
        return new ReportListEntry(
            summary.ReportId,
            summary.FirstDay,
            summary.LastDay,
            summary.TimeZone,
            summary.ViolationCount,
            summary.ViolationPoints,
            summary.NoticeCount,
            summary.ActivePoints,
            summary.Alert,
            item.CreatedAt,
            item.EmailedAt);
    }
}
