using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// Each refusal as problem details, with its reason as a camelCase <c>reason</c> member. Statuses: 403 when the creator
/// isn't invited (the workshop exists, but not for them); 400 when the body names a slot or team the workshop doesn't
/// have (a field error); 409 for everything the workshop's current state refuses (cancelled, closed, full of that, taken).
/// </summary>
public static class TrainingProblems
{
    private const string Conflict = "https://tools.ietf.org/html/rfc9110#section-15.5.10";

    public static JsonResponse For(TrainingRefusal refusal) => refusal.Reason switch
    {
        TrainingRefusalReason.NotInvited => Refused(StatusCodes.Status403Forbidden, "https://tools.ietf.org/html/rfc9110#section-15.5.4", "Not invited", refusal),
        TrainingRefusalReason.UnknownSlot => Field("slotId", "Unknown slot", refusal),
        TrainingRefusalReason.UnknownTeam => Field("teams", "Unknown team", refusal),
        TrainingRefusalReason.TrainingCancelled => Refused(StatusCodes.Status409Conflict, Conflict, "Training cancelled", refusal),
        TrainingRefusalReason.RegistrationClosed => Refused(StatusCodes.Status409Conflict, Conflict, "Registration closed", refusal),
        TrainingRefusalReason.NotRegistered => Refused(StatusCodes.Status409Conflict, Conflict, "Not registered", refusal),
        TrainingRefusalReason.SlotTaken => Refused(StatusCodes.Status409Conflict, Conflict, "Slot taken", refusal),
        TrainingRefusalReason.AlreadyHasSlot => Refused(StatusCodes.Status409Conflict, Conflict, "Already has a slot", refusal),
        TrainingRefusalReason.CapacityBelowRegistrations => Refused(StatusCodes.Status409Conflict, Conflict, "Capacity below registrations", refusal),
        TrainingRefusalReason.SlotsBelowBookings => Refused(StatusCodes.Status409Conflict, Conflict, "Slots below bookings", refusal),
        TrainingRefusalReason.TeamPicked => Refused(StatusCodes.Status409Conflict, Conflict, "Team picked by creators", refusal),
        TrainingRefusalReason.TrainingStarted => Refused(StatusCodes.Status409Conflict, Conflict, "Training started", refusal),
        TrainingRefusalReason.CheckInClosed => Refused(StatusCodes.Status409Conflict, Conflict, "Check-in closed", refusal),
        TrainingRefusalReason.TooManyInvitations => Refused(StatusCodes.Status409Conflict, Conflict, "Too many invitations", refusal),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.Reason, "Unmapped refusal."),
    };

    public static JsonResponse UnknownTraining(string trainingId) =>
        Problems.Refused(StatusCodes.Status404NotFound, "https://tools.ietf.org/html/rfc9110#section-15.5.5", "Unknown training", $"There is no training '{trainingId}'.", "unknownTraining");

    public static JsonResponse Invalid(IReadOnlyDictionary<string, string[]> errors, bool malformed, string what) =>
        malformed
            ? Problems.BadRequest("Malformed JSON", $"The body must be a JSON object: {what}.")
            : Problems.Validation(errors, "The request is invalid.");

    private static JsonResponse Field(string field, string title, TrainingRefusal refusal) =>
        Problems.Validation(new Dictionary<string, string[]> { [field] = [refusal.Detail] }, title);

    private static JsonResponse Refused(int status, string type, string title, TrainingRefusal refusal) =>
        Problems.Refused(status, type, title, refusal.Detail, ReasonName(refusal.Reason));

    public static string ReasonName(TrainingRefusalReason reason) => char.ToLowerInvariant(reason.ToString()[0]) + reason.ToString()[1..];
}
