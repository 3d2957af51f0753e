using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static CreatorAccountHealth.Functions.Trainings.TrainingHttp;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>A creator's workshops under <c>/api/creators/{creatorId}/trainings</c> (function keys).</summary>
public sealed class CreatorTrainingFunctions(
    TrainingStore store,
    TrainingEmailOutbox outbox,
    IOptions<TrainingOptions> options,
    TimeProvider time)
{
    private const string Route = "creators/{creatorId}/trainings";

    /// <summary>
    /// <c>GET /api/creators/{creatorId}/trainings</c>: the workshops the creator is invited to, soonest first, each with
    /// their status. One single-partition query for the invitations, then a point read per workshop.
    /// </summary>
    [Function("ListCreatorTrainings")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken)
    {
        var invitations = await store.InvitationsOfAsync(creatorId, cancellationToken);
        var views = new List<CreatorTrainingView>();
        foreach (var invitation in invitations)
        {
            // The workshop is the authority: a copy without a workshop invitation (never happens by design) is not shown.
            var workshop = await store.GetAsync(invitation.TrainingId, cancellationToken);
            if (workshop?.Invitations.FirstOrDefault(i => i.CreatorId == creatorId) is { } invited)
            {
                views.Add(CreatorTrainingView.From(workshop, creatorId, invited.InvitedAt, options.Value.RegistrationClosesBefore));
            }
        }

        return JsonResponse.Ok(new
        {
            creatorId,
            items = views.OrderBy(v => v.Training.StartsAt).ThenBy(v => v.Training.Id, StringComparer.Ordinal).ToList(),
        });
    }

    /// <summary>
    /// <c>POST …/trainings/{trainingId}/registration</c>, body empty or <c>{"teams": [...]}</c>: accept. 200 with
    /// <c>status</c> <c>registered</c>, or <c>waitlisted</c> and <c>waitlistPosition</c> when the workshop is full.
    /// </summary>
    [Function("RegisterForTraining")]
    public async Task<IActionResult> Register(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{trainingId}/registration")] HttpRequest request,
        string creatorId,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var (teams, problem) = await ReadBodyAsync(request, trainingId, TrainingRequests.Registration, """{"teams": ["<team on site>", ...]} or no body""", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = Now(time);
        return await DecideAsync(
            trainingId,
            w => TrainingDecisions.Accept(w, creatorId, teams!, now, options.Value.RegistrationClosesBefore),
            (w, r) => new { trainingId, r.CreatorId, Status = Status(r.Status), r.WaitlistPosition, r.Teams },
            cancellationToken);
    }

    /// <summary>
    /// <c>DELETE …/trainings/{trainingId}/registration</c>: decline (no seat yet) or cancel (seat or waitlist). A freed seat
    /// goes to the first on the waitlist (named in <c>promoted</c>), who gets a SeatConfirmed email.
    /// </summary>
    [Function("WithdrawFromTraining")]
    public async Task<IActionResult> Withdraw(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Route + "/{trainingId}/registration")] HttpRequest request,
        string creatorId,
        string trainingId,
        CancellationToken cancellationToken)
    {
        if (!IsTrainingId(trainingId))
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        var now = Now(time);
        return await DecideAsync(
            trainingId,
            w => TrainingDecisions.Withdraw(w, creatorId, now),
            (w, r) => new { trainingId, r.CreatorId, Status = Status(r.Status), r.Promoted },
            cancellationToken);
    }

    /// <summary><c>POST …/trainings/{trainingId}/mock-livestream-slot</c> <c>{"slotId": "slot-N"}</c>: one slot per creator, first come first served.</summary>
    [Function("BookMockLivestreamSlot")]
    public async Task<IActionResult> BookSlot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{trainingId}/mock-livestream-slot")] HttpRequest request,
        string creatorId,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var (slotId, problem) = await ReadBodyAsync(request, trainingId, TrainingRequests.SlotId, """{"slotId": "slot-N"}""", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = Now(time);
        return await DecideAsync(
            trainingId,
            w => TrainingDecisions.BookSlot(w, creatorId, slotId!, now),
            (w, r) => new { trainingId, r.CreatorId, r.Slot.SlotId, r.Slot.StartsAt, r.Slot.EndsAt, r.Slot.LocalStart, r.BookedAt },
            cancellationToken);
    }

    private static string Status(RegistrationStatus status) => status.ToString().ToLowerInvariant();

    private async Task<IActionResult> DecideAsync<T>(
        string trainingId, Func<Workshop, TrainingDecision<T>> decide, Func<Workshop, T, object> view, CancellationToken cancellationToken)
    {
        var stored = await store.ChangeAsync(trainingId, decide, cancellationToken);
        if (stored is null)
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        if (stored.Decision.Refusal is { } refusal)
        {
            return TrainingProblems.For(refusal);
        }

        // Promotions (and anything left pending by an earlier call) go out now; a down queue leaves them to the timer.
        await outbox.FlushAsync(stored, cancellationToken);
        return JsonResponse.Ok(view(stored.Workshop, stored.Decision.Result!));
    }
}
