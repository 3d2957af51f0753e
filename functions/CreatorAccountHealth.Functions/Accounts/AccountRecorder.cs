using System.Text.Json;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Accounts;

/// <summary>
/// Applies a recorded event to its creator's account: read the account → decide (<see cref="AccountDecider"/>, pure) →
/// replace it with <c>If-Match</c>, the alerts it fires inside the same write. Before that write, and only when needed:
/// the report-activity index entry (when its value would change) and the alert outbox marker (when alerts fire). Then
/// the alerts it fired go to the queue (what stays pending, the republisher sends). Idempotent: an event already applied changes nothing and writes nothing, so
/// a retried webhook completes whatever an earlier attempt left undone.
/// </summary>
public sealed class AccountRecorder(
    ICreatorStore creators,
    AlertStore alerts,
    MilestoneAlertService publisher,
    ReportActivityIndex activity,
    PolicyCatalog catalog,
    StandingRules rules,
    IOptions<AlertOptions> alertOptions,
    AppMetrics metrics)
{
    private readonly AccountRetention retention = AccountRetention.For(rules);

    /// <param name="eventDocumentId">The event's own document (just recorded), or null for state that isn't one (the quiz ledger).</param>
    /// <param name="isActivity">Whether a weekly report would show it (violations, overturns, notices).</param>
    /// <exception cref="StorageUnavailableException">Storage can't answer now; nothing half-applied (the account is as before or after).</exception>
    /// <exception cref="ConcurrencyConflictException">Other events of the creator kept winning the race.</exception>
    /// <param name="alreadyRead">The account as the caller read it just now, if it did, also when there was none (saves a round trip).</param>
    public async Task<AccountDocument> ApplyAsync(
        string creatorId, AccountEvent accountEvent, string? eventDocumentId, bool isActivity, Instant now, CancellationToken cancellationToken, StoredAccount? alreadyRead = null)
    {
        // The alerts the winning round fired; the round's own, not what others left pending (theirs send themselves,
        // or the republisher does from the outbox marker written before them).
        IReadOnlyList<JsonElement> fired = [];
        IReadOnlyList<MilestoneAlert> decided = [];
        var stored = await creators.UpdateAccountAsync(
            creatorId,
            eventDocumentId,
            async document =>
            {
                var change = AccountDecider.Decide(
                    document.ToDomain(), document.AlertState(), accountEvent, now, retention, rules, alertOptions.Value.ApproachWithinPoints, catalog);
                var indexed = isActivity ? ReportActivityIndex.EntryValueFor(now) : (Instant?)null;
                var indexChanges = indexed is { } value && !(document.ActivityIndexedAt >= value);
                fired = [];
                decided = [];
                if (!change.Changed && !indexChanges)
                {
                    return null;
                }

                if (indexChanges)
                {
                    await activity.RecordAsync(creatorId, indexed!.Value, cancellationToken);
                }

                decided = change.Alerts;
                fired = change.Alerts.Select(a => JsonSerializer.SerializeToElement(AlertMessage.From(a, catalog), AppJson.Options)).ToList();
                if (fired.Count > 0)
                {
                    await alerts.MarkPendingAsync(creatorId, now, cancellationToken);
                }

                var next = document.With(change.Account).With(change.AlertState, [.. document.Alerts.Pending, .. fired]);
                return indexChanges ? next with { ActivityIndexedAt = indexed } : next;
            },
            cancellationToken,
            alreadyRead);

        foreach (var alert in decided)
        {
            metrics.AlertDecided(alert.Kind.ToString().ToLowerInvariant(), alert.Milestone.Key);
        }

        if (fired.Count > 0)
        {
            await publisher.PublishAsync(creatorId, fired, now, cancellationToken, stored);
        }

        return stored;
    }
}
