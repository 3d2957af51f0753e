using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// Sends a workshop's outbox: each pending email becomes a <see cref="TrainingEmailMessage"/> on <c>TrainingEmailsQueueName</c>
/// (MessageId = its deterministic email id), then the sent entries leave the outbox (another ETag replace). The outbox is
/// written in the same replace as the decision that caused the email, so a queue that is down loses nothing: whatever is
/// still pending goes out on the next call that touches the workshop. A send whose removal didn't land is sent again
/// with the same MessageId, which Service Bus duplicate detection drops (and the sender sends once per email id).
/// When the outbox is empty afterwards, the workshop's pending-mail marker goes too, but only if it is still the one the
/// caller knows (<c>If-Match</c>): a request that marked it again since may be about to write emails. Whatever a crash or a
/// down queue leaves pending is sent by <see cref="RepublishTrainingEmailsFunction"/>.
/// </summary>
public sealed class TrainingEmailOutbox(
    TrainingStore store,
    IQueueSender queue,
    IOptions<TrainingOptions> options,
    ILogger<TrainingEmailOutbox> logger)
{
    private const int Parallelism = 8;

    /// <summary>Sends what a decision left pending (and anything still pending from before); answers how many are still pending.</summary>
    public Task<int> FlushAsync<T>(StoredDecision<T> stored, CancellationToken cancellationToken) =>
        FlushAsync(stored.Workshop, stored.PendingMarkerETag, cancellationToken);

    /// <summary>
    /// Sends what is pending; answers how many emails are still pending afterwards (0 when all are on the queue). At 0, deletes
    /// the pending-mail marker when it still has <paramref name="markerETag"/> (none given: the marker is left to the timer).
    /// </summary>
    public async Task<int> FlushAsync(Workshop workshop, string? markerETag, CancellationToken cancellationToken)
    {
        var pending = await SendAsync(workshop, cancellationToken);
        if (pending == 0 && markerETag is not null)
        {
            try
            {
                await store.UnmarkPendingEmailsAsync(workshop.Id, markerETag, cancellationToken);
            }
            catch (StorageUnavailableException e)
            {
                // Harmless: the timer finds nothing pending behind the marker and deletes it.
                logger.LogWarning(e, "Pending-mail marker of {TrainingId} left for the timer: storage unavailable", workshop.Id);
            }
        }

        return pending;
    }

    private async Task<int> SendAsync(Workshop workshop, CancellationToken cancellationToken)
    {
        if (workshop.Outbox.Count == 0)
        {
            return 0;
        }

        var sent = new System.Collections.Concurrent.ConcurrentBag<PendingEmail>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(
                workshop.Outbox,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stop.Token },
                async (pending, ct) =>
                {
                    var message = MessageFor(workshop, pending, options.Value.RegistrationClosesBefore);
                    await queue.SendAsync(
                        options.Value.QueueName,
                        new OutgoingMessage(message.EmailId, TrainingEmailMessage.Subject, BinaryData.FromObjectAsJson(message, AppJson.Options)),
                        ct);
                    sent.Add(pending);
                });
        }
        catch (QueueUnavailableException e)
        {
            logger.LogWarning(e, "Training emails of {TrainingId} stay pending: the queue is unavailable", workshop.Id);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        if (sent.IsEmpty)
        {
            return workshop.Outbox.Count;
        }

        var done = sent.ToList();
        try
        {
            var stored = await store.ChangeAsync(
                workshop.Id,
                w => new TrainingDecision<bool>(w.Outbox.Count == TrainingDecisions.WithoutSent(w, done).Outbox.Count ? null : TrainingDecisions.WithoutSent(w, done), true, null),
                cancellationToken);
            return stored?.Workshop.Outbox.Count ?? 0;
        }
        catch (StorageUnavailableException e)
        {
            // The emails are on the queue; leaving them in the outbox only means a resend Service Bus drops as a duplicate.
            logger.LogWarning(e, "Training emails of {TrainingId} sent but still listed as pending", workshop.Id);
            return workshop.Outbox.Count - done.Count;
        }
    }

    /// <summary>The message for a pending email: the workshop as it is now (its current revision), the id from the decision's revision.</summary>
    public static TrainingEmailMessage MessageFor(Workshop workshop, PendingEmail pending, Duration closesBefore)
    {
        var kind = pending.Kind switch
        {
            WorkshopEmailKind.Invitation => TrainingEmailKind.Invitation,
            WorkshopEmailKind.SeatConfirmed => TrainingEmailKind.SeatConfirmed,
            WorkshopEmailKind.Updated => TrainingEmailKind.Updated,
            WorkshopEmailKind.Cancelled => TrainingEmailKind.Cancelled,
            _ => throw new ArgumentOutOfRangeException(nameof(pending), pending.Kind, "Unknown email kind."),
        };
        return new TrainingEmailMessage(
            TrainingEmailMessage.IdFor(pending.CreatorId, workshop.Id, kind, pending.Revision),
            kind,
            pending.CreatorId,
            SnapshotOf(workshop, closesBefore),
            pending.DecidedAt);
    }

    public static TrainingSnapshot SnapshotOf(Workshop workshop, Duration closesBefore)
    {
        var d = workshop.Details;
        return new TrainingSnapshot(
            workshop.Id,
            workshop.Revision,
            d.Title,
            d.City,
            d.Venue,
            d.StartsAt,
            d.EndsAt,
            d.TimeZone,
            d.Agenda,
            d.Teams.Select(t => new TrainingTeamSnapshot(t.Team, t.Topics)).ToList(),
            d.MockLivestreamSlots.Count,
            d.MockLivestreamSlots.Minutes,
            TrainingCalendar.RegistrationClosesAt(d, closesBefore));
    }
}
