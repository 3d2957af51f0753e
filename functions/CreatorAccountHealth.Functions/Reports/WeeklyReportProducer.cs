using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>What one creator's turn in a run came to.</summary>
/// <param name="Created">False when the report existed already (an earlier run of the period): it was kept as it was.</param>
/// <param name="Email">Null when there was no report.</param>
public sealed record CreatorReportOutcome(string? ReportId, bool Created, ReportEmailResult? Email)
{
    public static CreatorReportOutcome NoReport { get; } = new(null, false, null);
}

/// <summary>
/// One creator's weekly report: read their account, build the report (pure domain), store it unless it exists, email it
/// unless that was done. Every step is idempotent, so running a creator again (a retried message, a re-run of the
/// period) only finishes what is unfinished.
/// </summary>
public sealed class WeeklyReportProducer(
    ICreatorStore creators,
    ReportStore reports,
    ReportEmailer emailer,
    PolicyCatalog catalog,
    StandingRules rules,
    IOptions<AlertOptions> alertOptions,
    TimeProvider time)
{
    /// <param name="claimant">Who is running: the shard message's id.</param>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    /// <exception cref="ReportEmailUnavailableException">SendGrid can't take the email now.</exception>
    public async Task<CreatorReportOutcome> ProduceAsync(string creatorId, Instant cutoff, string claimant, CancellationToken cancellationToken)
    {
        // One point read: the account holds everything a report shows.
        var history = (await creators.LoadAccountAsync(creatorId, cancellationToken)).ToHistory();

        // The same "approaching" distance as milestone alerts, so the report and the alerts agree.
        var built = WeeklyReportBuilder.Build(history, cutoff, rules, alertOptions.Value.ApproachWithinPoints, catalog);
        if (built is null)
        {
            return CreatorReportOutcome.NoReport;
        }

        // Created with the email's claim in it: a first run is one write before the send, not two.
        var claim = emailer.ClaimOnCreate(history.Profile, claimant);
        var (stored, created) = await reports.CreateIfAbsentAsync(built, Instant.FromDateTimeOffset(time.GetUtcNow()), cancellationToken, claim);
        var email = await emailer.EmailOnceAsync(stored, history.Profile, claimant, cancellationToken, claimedOnCreate: created && claim is not null);
        return new CreatorReportOutcome(built.ReportId, created, email);
    }
}
