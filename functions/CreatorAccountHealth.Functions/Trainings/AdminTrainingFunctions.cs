using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Accounts;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static CreatorAccountHealth.Functions.Trainings.TrainingHttp;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// The back office's workshop endpoints under <c>/api/admin/trainings</c> (function keys). Declared as
/// <c>{area:regex(^admin$)}/trainings…</c>: the host refuses routes starting with the literal <c>admin</c>.
/// </summary>
public sealed class AdminTrainingFunctions(
    TrainingStore store,
    TrainingEmailOutbox outbox,
    TrainingInvitations invitations,
    AccountRecorder accounts,
    IOptions<TrainingOptions> options,
    Domain.Policies.PolicyCatalog catalog,
    Domain.Standing.StandingRules rules,
    TimeProvider time)
{
    public const string Route = "{area:regex(^admin$)}/trainings";

    private const string DetailsShape = "{title, city, venue, startsAt, endsAt, timeZone, capacity, agenda, teams: [{team, topics}], mockLivestreamSlots: {count, minutes}}";

    /// <summary><c>POST /api/admin/trainings</c>: 201 with the workshop, its <c>id</c> and a Location.</summary>
    [Function("CreateTraining")]
    public async Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (details, problem) = await ReadBodyAsync(request, null, TrainingRequests.Details, DetailsShape, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = Now(time);
        if (details!.EndsAt <= now)
        {
            // Nobody could register, book or check in: almost certainly a wrong date (a year, a zone). Edits of a
            // past workshop stay possible.
            return TrainingProblems.Invalid(
                new Dictionary<string, string[]> { ["endsAt"] = [$"The workshop would already be over (now is {now})."] }, false, DetailsShape);
        }

        var workshop = Workshop.Create("trn-" + Guid.NewGuid().ToString("N"), details, now);
        await store.CreateAsync(workshop, cancellationToken);
        return new JsonResponse(View(workshop, 0), StatusCodes.Status201Created).WithHeader("Location", $"/api/admin/trainings/{workshop.Id}");
    }

    /// <summary>
    /// <c>GET /api/admin/trainings</c>: every workshop, soonest first, as invitees see it (seats taken and left, no names);
    /// cancelled ones included and marked. <c>?upcoming=true</c> leaves out those that have ended.
    /// </summary>
    [Function("ListTrainings")]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var upcomingOnly = false;
        if (request.Query.TryGetValue("upcoming", out var upcoming) && !bool.TryParse(upcoming, out upcomingOnly))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["upcoming"] = ["Must be true or false."] }, "The query is invalid.");
        }

        var now = Now(time);
        var workshops = await store.ListAsync(cancellationToken);
        var items = workshops
            .Where(w => !upcomingOnly || w.Details.EndsAt > now)
            .OrderBy(w => w.Details.StartsAt)
            .ThenBy(w => w.Id, StringComparer.Ordinal)
            .Select(w => TrainingView.From(w, options.Value.RegistrationClosesBefore))
            .ToList();
        return JsonResponse.Ok(new { items });
    }

    /// <summary>
    /// <c>GET /api/admin/trainings/{trainingId}</c>: the workshop as the back office sees it (who is registered, waitlisted,
    /// booked which slot, checked in; emails still pending), e.g. for the check-in desk. A point read.
    /// </summary>
    [Function("GetTraining")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route + "/{trainingId}")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var workshop = IsTrainingId(trainingId) ? await store.GetAsync(trainingId, cancellationToken) : null;
        return workshop is null
            ? TrainingProblems.UnknownTraining(trainingId)
            : JsonResponse.Ok(View(workshop, workshop.Outbox.Count));
    }

    /// <summary>
    /// <c>PUT /api/admin/trainings/{trainingId}</c>: replaces the details. Capacity can't drop below the registrations,
    /// booked slots and picked teams can't disappear (409). A change invitees would see queues an Updated email to each;
    /// more seats promote the waitlist.
    /// </summary>
    [Function("UpdateTraining")]
    public async Task<IActionResult> Update(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = Route + "/{trainingId}")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var (details, problem) = await ReadBodyAsync(request, trainingId, TrainingRequests.Details, DetailsShape, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = Now(time);
        return await DecideAsync(trainingId, w => TrainingDecisions.Edit(w, details!, now), cancellationToken);
    }

    /// <summary><c>DELETE /api/admin/trainings/{trainingId}</c>: cancels (the record stays); every invitee gets a Cancelled email. A repeat is 200.</summary>
    [Function("CancelTraining")]
    public async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = Route + "/{trainingId}")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        if (!IsTrainingId(trainingId))
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        var now = Now(time);
        return await DecideAsync(trainingId, w => TrainingDecisions.Cancel(w, now), cancellationToken);
    }

    /// <summary>
    /// <c>POST /api/admin/trainings/{trainingId}/invitations</c> <c>{creatorIds?, rule?}</c>: invites, records each invitation
    /// in the creator's partition and queues an Invitation email per new invitee. Repeating a call invites nobody twice
    /// and sends nothing again, but re-sends emails still pending from a call that met a down queue.
    /// </summary>
    [Function("InviteToTraining")]
    public async Task<IActionResult> Invite(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{trainingId}/invitations")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        if (!IsTrainingId(trainingId))
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        var (body, tooLarge) = await ReadAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var parsed = TrainingRequests.Invitations(body);
        var errors = parsed.Errors.ToDictionary();
        if (parsed.Value.Rule is { } rule)
        {
            foreach (var (field, messages) in rule.Problems(rules, code => catalog.TryGet(code, out _)))
            {
                errors[field] = messages;
            }
        }

        if (parsed.Malformed || errors.Count > 0)
        {
            return TrainingProblems.Invalid(errors, parsed.Malformed, """{"creatorIds": [...], "rule": {"policyCodes": [...], "withinDays": N, "milestone": "<key>"}}""");
        }

        // Check the workshop before the (possibly long) rule resolution: an unknown or closed one fails fast.
        var now = Now(time);
        var before = await store.GetAsync(trainingId, cancellationToken);
        if (before is null)
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        var precheck = TrainingDecisions.Invite(before, [], now, options.Value.RegistrationClosesBefore);
        if (precheck.Refusal is not null)
        {
            return TrainingProblems.For(precheck.Refusal);
        }

        var (invitees, skipped, matched) = await invitations.ResolveAsync(parsed.Value.CreatorIds, parsed.Value.Rule, now, cancellationToken);
        var stored = await store.ChangeAsync(trainingId, w => TrainingDecisions.Invite(w, invitees, now, options.Value.RegistrationClosesBefore), cancellationToken);
        if (stored is null)
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        if (stored.Decision.Refusal is { } refusal)
        {
            return TrainingProblems.For(refusal);
        }

        // The creators' copies, for everyone this call names: a call that stopped half-way is repaired by repeating it.
        var byCreator = stored.Workshop.Invitations.ToDictionary(i => i.CreatorId, StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            invitees,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (id, ct) => await store.RecordInvitationAsync(id, trainingId, byCreator[id].InvitedAt, ct));

        var pending = await outbox.FlushAsync(stored, cancellationToken);
        var result = stored.Decision.Result!;
        return JsonResponse.Ok(new InvitationOutcome(trainingId, result.Invited, result.AlreadyInvited, skipped, matched, pending));
    }

    /// <summary>
    /// <c>POST /api/admin/trainings/{trainingId}/check-ins</c> <c>{creatorId}</c>: registered creators only, on the day
    /// (<see cref="Domain.Time.TrainingCalendar.CheckInWindow"/>). Records the attendance in the creator's history and marks
    /// them active for the next weekly report. A repeat answers 200 with the first check-in.
    /// </summary>
    [Function("CheckInToTraining")]
    public async Task<IActionResult> CheckIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route + "/{trainingId}/check-ins")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var (creatorId, problem) = await ReadBodyAsync(request, trainingId, TrainingRequests.CreatorId, """{"creatorId": "<id>"}""", cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = Now(time);
        var stored = await store.ChangeAsync(trainingId, w => TrainingDecisions.CheckIn(w, creatorId!, now), cancellationToken);
        if (stored is null)
        {
            return TrainingProblems.UnknownTraining(trainingId);
        }

        if (stored.Decision.Refusal is { } refusal)
        {
            return TrainingProblems.For(refusal);
        }

        // Also on a repeat: an earlier attempt may have stopped after the workshop's write.
        var result = stored.Decision.Result!;
        var attendance = await store.RecordAttendanceAsync(stored.Workshop, result.CreatorId, result.CheckedInAt, now, cancellationToken);
        await accounts.ApplyAsync(result.CreatorId, attendance.ToAccountEvent(), attendance.Id, isActivity: true, now, cancellationToken);
        return new JsonResponse(
            new { trainingId, result.CreatorId, result.CheckedInAt, result.AlreadyCheckedIn },
            result.AlreadyCheckedIn ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    private async Task<IActionResult> DecideAsync<T>(string trainingId, Func<Workshop, TrainingDecision<T>> decide, CancellationToken cancellationToken)
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

        var pending = await outbox.FlushAsync(stored, cancellationToken);
        return JsonResponse.Ok(View(stored.Workshop, pending));
    }

    private AdminTrainingView View(Workshop workshop, int emailsPending) =>
        AdminTrainingView.From(workshop, options.Value.RegistrationClosesBefore, emailsPending);
}
