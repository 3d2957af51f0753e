using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>What one creator's turn in a run came to.</summary>
/// <param name="Created">False when the report existed already (an earlier run of the period): it was kept as it was.</param>
/// <param name="Email">Null when there was no report, or when its email was settled before this turn (<see cref="Settled"/>).</param>
public sealed record CreatorReportOutcome(string? ReportId, bool Created, DeliveryOutcome? Email)
{
    public static CreatorReportOutcome NoReport { get; } = new(null, false, null);

    /// <summary>The report email of this run was settled already: skipped after one point read.</summary>
    public static CreatorReportOutcome Settled(DeliveryStatus status) => new(null, false, new DeliveryOutcome.AlreadySettled(status));
}

/// <summary>
/// One creator's weekly report: look the run's report email up (one point read: settled already → nothing else to do),
/// load their history, build the report (pure domain), store it unless it exists, email it once. Every step is
/// idempotent, so running a creator again (a retried message, a re-run of the period) only finishes what is unfinished.
/// </summary>
public sealed class WeeklyReportProducer(
    ICreatorStore creators,
    ReportStore reports,
    ReportEmailer emailer,
    NotificationLedger ledger,
    EmailDelivery delivery,
    PolicyCatalog catalog,
    StandingRules rules,
    IOptions<AlertOptions> alertOptions,
    TimeProvider time)
{
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<CreatorReportOutcome> ProduceAsync(string creatorId, Instant cutoff, CancellationToken cancellationToken)
    {
        var record = await ledger.ReadAsync(creatorId, EmailKeys.WeeklyReport(cutoff), cancellationToken);
        if (record is { IsSettled: true } settled)
        {
            return CreatorReportOutcome.Settled(settled.Status);
        }

        // One point read: the account holds everything a report shows.
        var history = (await creators.LoadAccountAsync(creatorId, cancellationToken)).ToHistory();

        // The same "approaching" distance as milestone alerts, so the report and the alerts agree.
        var built = WeeklyReportBuilder.Build(history, cutoff, rules, alertOptions.Value.ApproachWithinPoints, catalog);
        if (built is null)
        {
            return CreatorReportOutcome.NoReport;
        }

        // A record of this run's email that isn't settled (pending after a failed try, failed, or claimed by a delivery that
        // died) means an earlier turn got this far, so the report is most likely stored: read it (one point read) rather
        // than try a create that can only conflict (a failed write, an exception, then the same read).
        var (stored, created) = record is not null && await reports.GetAsync(creatorId, built.ReportId, cancellationToken) is { } existing
            ? (existing, false)
            : await reports.CreateIfAbsentAsync(built, Instant.FromDateTimeOffset(time.GetUtcNow()), cancellationToken);
        // The delivery decides on the record read a moment ago (none on a first run: it claims with a create) instead of reading it again.
        var email = await emailer.EmailOnceAsync(stored, new EmailRecipient(history.Profile), cancellationToken, new LedgerRead(record));
        return new CreatorReportOutcome(built.ReportId, created, email);
    }

    /// <summary>The creator's report failed for good (a bug, bad data): recorded, unsettled, so a re-run of the period retries it.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public Task RecordFailureAsync(string creatorId, Instant cutoff, string detail, CancellationToken cancellationToken) =>
        delivery.RecordFailureAsync(creatorId, EmailKeys.WeeklyReport(cutoff), EmailKind.WeeklyReport, detail, cancellationToken);
}
