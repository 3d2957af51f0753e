using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using static CreatorAccountHealth.Functions.Trainings.TrainingHttp;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>A creator's workshops under <c>/api/creators/{creatorId}/trainings</c> (bearer token of that creator).</summary>
public sealed class CreatorTrainingFunctions(CreatorTrainings trainings, TimeProvider time)
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
        CancellationToken cancellationToken) =>
        JsonResponse.Ok(new { creatorId, items = await trainings.ListAsync(creatorId, cancellationToken) });

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

        return Reply(
            trainingId,
            await trainings.AcceptAsync(creatorId, trainingId, teams!, Now(time), cancellationToken),
            r => new { trainingId, r.CreatorId, Status = CreatorTrainings.StatusName(r.Status), r.WaitlistPosition, r.Teams });
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
        CancellationToken cancellationToken) =>
        Reply(
            trainingId,
            await trainings.WithdrawAsync(creatorId, trainingId, Now(time), cancellationToken),
            r => new { trainingId, r.CreatorId, Status = CreatorTrainings.StatusName(r.Status), r.Promoted });

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

        return Reply(
            trainingId,
            await trainings.BookSlotAsync(creatorId, trainingId, slotId!, Now(time), cancellationToken),
            r => new { trainingId, r.CreatorId, r.Slot.SlotId, r.Slot.StartsAt, r.Slot.EndsAt, r.Slot.LocalStart, r.BookedAt });
    }

    private static IActionResult Reply<T>(string trainingId, CreatorTrainingOutcome<T> outcome, Func<T, object> view)
        where T : class =>
        outcome.UnknownTraining ? TrainingProblems.UnknownTraining(trainingId)
        : outcome.Refusal is { } refusal ? TrainingProblems.For(refusal)
        : JsonResponse.Ok(view(outcome.Result!));
}
