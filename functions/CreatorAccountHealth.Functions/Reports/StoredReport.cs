using System.Text.Json;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Hosting;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>A stored weekly report: the report as built, when, and what became of its email. Only read from <see cref="ReportStore"/>.</summary>
public sealed class StoredReport
{
    private WeeklyReport? domain;

    internal StoredReport(ReportStore.ReportDocument document, WeeklyReport? builtFrom = null)
    {
        Document = document;
        domain = builtFrom;
    }

    public WeeklyReportView Report => Document.Report;

    /// <summary>The report as the domain knows it: the one it was just built from, or the stored view converted back once.</summary>
    public WeeklyReport Domain => domain ??= Report.ToDomain();

    public Instant CreatedAt => Document.CreatedAt;

    /// <summary>The run that built it.</summary>
    public Instant Cutoff => Document.Cutoff;

    /// <summary>The document as read, with its ETag: what an update replaces.</summary>
    internal ReportStore.ReportDocument Document { get; }
}

/// <summary>One line of a creator's report list: what the list shows without reading each report.</summary>
public sealed record ReportSummary(
    string ReportId,
    LocalDate FirstDay,
    LocalDate LastDay,
    string TimeZone,
    Instant Cutoff,
    int ViolationCount,
    int ViolationPoints,
    int NoticeCount,
    int ActivePoints,
    AlertKind? Alert)
{
    public static ReportSummary From(WeeklyReport report) => new(
        report.ReportId,
        report.Period.FirstDay,
        report.Period.LastDay,
        report.Period.Zone.Id,
        report.Cutoff,
        report.Violations.Count,
        report.Violations.Points,
        report.Notices.Count,
        report.Standing.ActivePoints,
        report.Standing.Alert);
}

public sealed record ReportListItem(ReportSummary Summary, Instant CreatedAt, Instant? EmailedAt);

/// <param name="ContinuationToken">Opaque; pass it back for the next page. Null on the last page.</param>
public sealed record ReportPage(IReadOnlyList<ReportListItem> Items, string? ContinuationToken);

/// <summary>A continuation token that isn't one this API handed out (or was tampered with).</summary>
public sealed class InvalidContinuationTokenException(string message) : Exception(message);
