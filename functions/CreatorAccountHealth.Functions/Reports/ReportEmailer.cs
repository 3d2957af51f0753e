using System.Diagnostics.CodeAnalysis;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Reports.Rendering;
using Microsoft.Extensions.Logging;
using CreatorAccountHealth.Functions.Storage;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

public enum ReportEmailResult
{
    Sent,

    /// <summary>Sent, skipped or rejected before: nothing to do.</summary>
    AlreadySettled,

    /// <summary>Another run claimed it moments ago and is sending it.</summary>
    ClaimedElsewhere,

    Skipped,

    Rejected,
}

/// <summary>SendGrid could not take the email now; the shard message should be retried.</summary>
public sealed class ReportEmailUnavailableException(string message) : Exception(message);

/// <summary>
/// Emails a stored report to its creator at most once, through the same SendGrid sender as alerts (its retries, its
/// classification of failures). Before sending, the report's email state is claimed with the ETag, so two runs that
/// reach the same report at once (a timer run and a backfill, a redelivery racing its original) send one email; the
/// claim names the shard message, so that message's own redelivery carries on where a crash left it, and it lapses after
/// <see cref="ClaimLease"/> so a later re-run can finish the job. A crash between SendGrid accepting and the report being
/// marked sent can still send twice, the one window at-least-once delivery leaves.
/// </summary>
public sealed class ReportEmailer(
    ReportStore store,
    WeeklyReportRenderer renderer,
    SendGridEmailSender sender,
    TimeProvider time,
    ILogger<ReportEmailer> logger)
{
    public const string Category = "weekly-report";

    /// <summary>The SendGrid custom arg carrying the report id back on SendGrid's events.</summary>
    public const string ReportIdArg = "reportId";

    /// <summary>Longer than one send can take: four SendGrid attempts of at most 30 s, with at most 30 s between them.</summary>
    public static readonly Duration ClaimLease = Duration.FromMinutes(10);

    private const int MaxConcurrentChanges = 5;

    /// <param name="profile">The creator's profile now: a later opt-out or address change wins over the one at build time.</param>
    /// <param name="claimant">Who is sending: the shard message's id.</param>
    /// <exception cref="ReportEmailUnavailableException">SendGrid can't take it now: retry later.</exception>
    /// <exception cref="Storage.StorageUnavailableException">Storage can't answer now.</exception>
    /// <exception cref="ConcurrencyConflictException">The report kept changing while being claimed.</exception>
    /// <param name="claimedOnCreate">The report was just created with <see cref="ClaimOnCreate"/>'s claim: send it now.</param>
    public async Task<ReportEmailResult> EmailOnceAsync(
        StoredReport report, CreatorProfile? profile, string claimant, CancellationToken cancellationToken, bool claimedOnCreate = false)
    {
        if (claimedOnCreate && profile is not null && report.Email is { Status: ReportEmailStatus.Sending } claim && claim.ClaimedBy == claimant)
        {
            return await SendAsync(report, profile, cancellationToken);
        }

        var current = report;
        var round = 0;
        var claimed = await OptimisticConcurrency.RunAsync(
            $"Report {report.Report.ReportId} of creator {report.Report.CreatorId}",
            async () =>
            {
                if (round++ > 0)
                {
                    // Changed since we read it: look again.
                    current = await store.GetAsync(current.Report.CreatorId, current.Report.ReportId, cancellationToken)
                        ?? throw new InvalidOperationException($"Report {report.Report.ReportId} of creator {report.Report.CreatorId} disappeared while being emailed.");
                }

                var now = Now();
                switch (current.Email)
                {
                    case { Status: ReportEmailStatus.Sent or ReportEmailStatus.Skipped or ReportEmailStatus.Rejected }:
                        return ConcurrentRound<(StoredReport?, ReportEmailResult?)>.Done((null, ReportEmailResult.AlreadySettled));
                    case { Status: ReportEmailStatus.Sending } claim when claim.ClaimedBy != claimant && claim.At + ClaimLease > now:
                        return ConcurrentRound<(StoredReport?, ReportEmailResult?)>.Done((null, ReportEmailResult.ClaimedElsewhere));
                }

                var decided = CanEmail(profile, out var reason)
                    ? await store.TryUpdateEmailAsync(current, new ReportEmail(ReportEmailStatus.Sending, now, ClaimedBy: claimant), cancellationToken)
                    : await store.TryUpdateEmailAsync(current, new ReportEmail(ReportEmailStatus.Skipped, now, reason), cancellationToken);
                if (decided is null)
                {
                    return ConcurrentRound<(StoredReport?, ReportEmailResult?)>.LostRace;
                }

                if (reason is not null)
                {
                    logger.LogInformation("Report {ReportId} of creator {CreatorId} not emailed: {Reason}", report.Report.ReportId, report.Report.CreatorId, reason);
                    return ConcurrentRound<(StoredReport?, ReportEmailResult?)>.Done((null, ReportEmailResult.Skipped));
                }

                return ConcurrentRound<(StoredReport?, ReportEmailResult?)>.Done((decided, null));
            },
            cancellationToken,
            MaxConcurrentChanges);

        return claimed switch
        {
            (_, { } settled) => settled,
            ({ } toSend, _) => await SendAsync(toSend, profile!, cancellationToken),
            _ => throw new InvalidOperationException("A claim round decided nothing."),
        };
    }

    private async Task<ReportEmailResult> SendAsync(StoredReport claimed, CreatorProfile profile, CancellationToken cancellationToken)
    {
        var view = claimed.Report;
        var report = view.ToDomain();
        var email = new OutgoingEmail(
            Category,
            renderer.Subject(report),
            renderer.RenderHtml(report, profile),
            renderer.RenderText(report, profile),
            new Dictionary<string, string> { [ReportIdArg] = view.ReportId });

        switch (await sender.SendAsync(email, profile.Email, profile.DisplayName, cancellationToken))
        {
            case SendOutcome.Accepted:
                await SettleAsync(claimed, ReportEmailStatus.Sent, null, cancellationToken);
                logger.LogInformation("Report {ReportId} emailed to creator {CreatorId}", view.ReportId, view.CreatorId);
                return ReportEmailResult.Sent;

            case SendOutcome.Rejected rejected:
                var detail = $"SendGrid answered {rejected.StatusCode}: {rejected.Errors}";
                await SettleAsync(claimed, ReportEmailStatus.Rejected, detail, cancellationToken);
                logger.LogError("Report {ReportId} of creator {CreatorId} not emailed: {Detail}", view.ReportId, view.CreatorId, detail);
                return ReportEmailResult.Rejected;

            case SendOutcome.Unavailable unavailable:
                // The claim stays: this message's redelivery recognises it as its own and sends then.
                throw new ReportEmailUnavailableException($"Report {view.ReportId} of creator {view.CreatorId} not emailed yet: {unavailable.Reason}");

            default:
                throw new InvalidOperationException("Unknown send outcome.");
        }
    }

    /// <summary>
    /// Records the outcome of a send. Once SendGrid has answered, failing here must not fail the message, whose
    /// redelivery would send again: the error is logged and the claim lapses into a state a later run can settle.
    /// </summary>
    private async Task SettleAsync(StoredReport claimed, ReportEmailStatus status, string? detail, CancellationToken cancellationToken)
    {
        var settled = claimed.Email! with { Status = status, At = Now(), Detail = detail };
        try
        {
            if (await store.TryUpdateEmailAsync(claimed, settled, cancellationToken) is null)
            {
                logger.LogError("Report {ReportId} of creator {CreatorId} changed while being emailed; its email state was not updated to {Status}", claimed.Report.ReportId, claimed.Report.CreatorId, status);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Report {ReportId} of creator {CreatorId}: email {Status} but not recorded", claimed.Report.ReportId, claimed.Report.CreatorId, status);
        }
    }

    /// <summary>
    /// The claim a new report can be created with, so a first run sends without a separate claiming write; null when it
    /// won't be sent (then <see cref="EmailOnceAsync"/> records why). Whoever creates the report holds this claim.
    /// </summary>
    public ReportEmail? ClaimOnCreate(CreatorProfile? profile, string claimant) =>
        CanEmail(profile, out _) ? new ReportEmail(ReportEmailStatus.Sending, Now(), ClaimedBy: claimant) : null;

    private static bool CanEmail([NotNullWhen(true)] CreatorProfile? profile, [NotNullWhen(false)] out string? reason)
    {
        reason = profile switch
        {
            null => "no profile recorded for the creator",
            { Email: var email } when string.IsNullOrWhiteSpace(email) => "the creator has no email address",
            { Emails.WeeklyReports: false } => "the creator opted out of weekly report emails",
            _ => null,
        };
        return reason is null;
    }

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
