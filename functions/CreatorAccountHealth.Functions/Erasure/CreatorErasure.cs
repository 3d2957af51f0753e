using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Trainings;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Erasure;

/// <param name="ErasedAt">When the creator was first erased (a repeat answers the same instant).</param>
/// <param name="Promoted">Creators who got a seat the erased creator held (each gets a SeatConfirmed email).</param>
/// <param name="EmailsPending">Of those emails, how many are not on the queue yet (the republish timer sends them).</param>
public sealed record ErasureResult(string CreatorId, Instant ErasedAt, IReadOnlyList<string> Promoted, int EmailsPending);

/// <summary>
/// Erases a creator: everything personal goes, through the admin route and the <c>creator.erased</c> webhook event alike.
/// Every step is idempotent and the order makes a repeat repair a run that stopped half-way (storage down, a crash, a
/// timeout on a very large partition):
/// <list type="number">
/// <item>the tombstone, first: from then on the webhook ignores the creator's events, so nothing re-creates what follows;</item>
/// <item>their workshop entries (<see cref="TrainingDecisions.Erase"/>: a freed seat promotes the waitlist, their pending
/// emails are dropped), found through the invitation index in their partition, so before that partition goes;</item>
/// <item>their alerts not yet on the queue, their activity-index entry and their reports;</item>
/// <item>their partition, last (profiles first inside it).</item>
/// </list>
/// </summary>
public sealed class CreatorErasure(
    ErasureStore store,
    TrainingStore trainings,
    TrainingEmailOutbox trainingEmails,
    AlertStore alerts,
    ReportActivityIndex activity,
    ReportStore reports,
    TimeProvider time,
    ILogger<CreatorErasure> logger)
{
    /// <summary>What a 503 says to whoever erases (route or webhook): the work done is not lost, repeating finishes it.</summary>
    public const string StoppedPartWay =
        "Storage could not be reached; the erasure stopped part-way. Repeat the request after the number of seconds in Retry-After: it finishes what is left.";

    /// <summary>When the creator was erased, or null: the webhook's check before recording an event.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public Task<Instant?> ErasedAtAsync(string creatorId, CancellationToken cancellationToken) =>
        store.ErasedAtAsync(creatorId, cancellationToken);

    /// <exception cref="StorageUnavailableException">Storage can't answer now: what is done stays done; repeat to finish (<see cref="StoppedPartWay"/>).</exception>
    public async Task<ErasureResult> EraseAsync(string creatorId, CancellationToken cancellationToken)
    {
        try
        {
            return await EraseOnceAsync(creatorId, cancellationToken);
        }
        catch (StorageUnavailableException e) when (e.CallerDetail is null)
        {
            throw new StorageUnavailableException(e.Message, e.RetryAfter, e) { CallerDetail = StoppedPartWay };
        }
    }

    private async Task<ErasureResult> EraseOnceAsync(string creatorId, CancellationToken cancellationToken)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var erasedAt = await store.MarkErasedAsync(creatorId, now, cancellationToken);

        var promoted = new List<string>();
        var emailsPending = 0;
        foreach (var invitation in await trainings.InvitationsOfAsync(creatorId, cancellationToken))
        {
            var stored = await trainings.ChangeAsync(invitation.TrainingId, w => TrainingDecisions.Erase(w, creatorId, now), cancellationToken);
            if (stored is not null)
            {
                promoted.AddRange(stored.Decision.Result ?? []);
                emailsPending += await trainingEmails.FlushAsync(stored, cancellationToken);
            }
        }

        await alerts.DeleteOutboxEntriesAsync(creatorId, cancellationToken);
        await activity.RemoveAsync(creatorId, cancellationToken);
        var deletedReports = await reports.DeleteAllAsync(creatorId, cancellationToken);
        var deletedDocuments = await store.DeletePartitionAsync(creatorId, cancellationToken);

        logger.LogInformation(
            "Creator {CreatorId} erased (first at {ErasedAt}): {Documents} documents, {Reports} reports deleted; {Promoted} promoted from waitlists",
            creatorId, erasedAt, deletedDocuments, deletedReports, promoted.Count);
        return new ErasureResult(creatorId, erasedAt, promoted, emailsPending);
    }
}
