using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>What a creator's decision about a workshop came to: the result, or why not (an unknown workshop or a refusal).</summary>
public sealed record CreatorTrainingOutcome<T>(Workshop? Workshop, T? Result, TrainingRefusal? Refusal)
    where T : class
{
    public bool UnknownTraining => Workshop is null && Refusal is null;
}

/// <summary>
/// The creator's side of the workshops, for the API and the Account Standing page alike: list them, accept (with team
/// picks), decline or cancel, book a mock livestream slot. Each decision is the workshop's read → pure decision →
/// <c>If-Match</c> write (<see cref="TrainingStore.ChangeAsync{T}"/>), then the emails it decided go to the queue.
/// </summary>
public sealed class CreatorTrainings(TrainingStore store, TrainingEmailOutbox outbox, IOptions<TrainingOptions> options, AppMetrics metrics)
{
    /// <summary><c>Trainings__RegistrationClosesHoursBeforeStart</c>.</summary>
    public Duration RegistrationClosesBefore => options.Value.RegistrationClosesBefore;

    /// <summary>
    /// The workshops the creator is invited to, soonest first, each with their status. One single-partition query for the
    /// invitations, then a point read per workshop.
    /// </summary>
    public async Task<IReadOnlyList<CreatorTrainingView>> ListAsync(string creatorId, CancellationToken cancellationToken)
    {
        var views = new List<CreatorTrainingView>();
        foreach (var invitation in await store.InvitationsOfAsync(creatorId, cancellationToken))
        {
            // The workshop is the authority: a copy without a workshop invitation (never happens by design) is not shown.
            var workshop = await store.GetAsync(invitation.TrainingId, cancellationToken);
            if (workshop?.Invitations.FirstOrDefault(i => i.CreatorId == creatorId) is { } invited)
            {
                views.Add(CreatorTrainingView.From(workshop, creatorId, invited.InvitedAt, options.Value.RegistrationClosesBefore));
            }
        }

        return views.OrderBy(v => v.Training.StartsAt).ThenBy(v => v.Training.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>One workshop as the creator sees it; null when it doesn't exist or doesn't invite them.</summary>
    public async Task<(Workshop Workshop, CreatorTrainingView View)?> GetAsync(string creatorId, string trainingId, CancellationToken cancellationToken)
    {
        if (!TrainingHttp.IsTrainingId(trainingId) || await store.GetAsync(trainingId, cancellationToken) is not { } workshop
            || workshop.Invitations.FirstOrDefault(i => i.CreatorId == creatorId) is not { } invited)
        {
            return null;
        }

        return (workshop, CreatorTrainingView.From(workshop, creatorId, invited.InvitedAt, options.Value.RegistrationClosesBefore));
    }

    /// <summary>Accept: a seat, or the end of the waitlist when the workshop is full; accepting again changes the teams.</summary>
    public async Task<CreatorTrainingOutcome<RegistrationResult>> AcceptAsync(
        string creatorId, string trainingId, IReadOnlyList<string> teams, Instant now, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(trainingId, w => TrainingDecisions.Accept(w, creatorId, teams, now, options.Value.RegistrationClosesBefore), cancellationToken);
        if (outcome.Result is { } accepted)
        {
            metrics.WorkshopRegistration(StatusName(accepted.Status));
        }

        return outcome;
    }

    /// <summary>Decline (no seat yet) or cancel (seat or waitlist); a freed seat goes to the first on the waitlist.</summary>
    public async Task<CreatorTrainingOutcome<WithdrawalResult>> WithdrawAsync(string creatorId, string trainingId, Instant now, CancellationToken cancellationToken)
    {
        var outcome = await DecideAsync(trainingId, w => TrainingDecisions.Withdraw(w, creatorId, now), cancellationToken);
        if (outcome.Result is { } withdrawn)
        {
            metrics.WorkshopRegistration(StatusName(withdrawn.Status));
            metrics.WaitlistPromotion(withdrawn.Promoted.Count);
        }

        return outcome;
    }

    /// <summary>One mock livestream slot per registered creator, first come first served.</summary>
    public Task<CreatorTrainingOutcome<SlotResult>> BookSlotAsync(string creatorId, string trainingId, string slotId, Instant now, CancellationToken cancellationToken) =>
        DecideAsync(trainingId, w => TrainingDecisions.BookSlot(w, creatorId, slotId, now), cancellationToken);

    public static string StatusName(RegistrationStatus status) => status.ToString().ToLowerInvariant();

    private async Task<CreatorTrainingOutcome<T>> DecideAsync<T>(string trainingId, Func<Workshop, TrainingDecision<T>> decide, CancellationToken cancellationToken)
        where T : class
    {
        if (!TrainingHttp.IsTrainingId(trainingId))
        {
            return new(null, null, null);
        }

        var stored = await store.ChangeAsync(trainingId, decide, cancellationToken);
        if (stored is null)
        {
            return new(null, null, null);
        }

        if (stored.Decision.Refusal is { } refusal)
        {
            return new(stored.Workshop, null, refusal);
        }

        // Promotions (and anything left pending by an earlier call) go out now; a down queue leaves them to the timer.
        await outbox.FlushAsync(stored, cancellationToken);
        return new(stored.Workshop, stored.Decision.Result, null);
    }
}
