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

        var (stored, created) = await reports.CreateIfAbsentAsync(built, Instant.FromDateTimeOffset(time.GetUtcNow()), cancellationToken);
        // No record a moment ago (a first run): the delivery claims without reading it again.
        var email = await emailer.EmailOnceAsync(stored, new EmailRecipient(history.Profile), cancellationToken, recordKnownAbsent: record is null);
        return new CreatorReportOutcome(built.ReportId, created, email);
    }

    /// <summary>The creator's report failed for good (a bug, bad data): recorded, unsettled, so a re-run of the period retries it.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public Task RecordFailureAsync(string creatorId, Instant cutoff, string detail, CancellationToken cancellationToken) =>
        delivery.RecordFailureAsync(creatorId, EmailKeys.WeeklyReport(cutoff), EmailKind.WeeklyReport, detail, cancellationToken);
}
