using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Trainings;
using System.Text.Json.Serialization;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

public sealed record TeamView(string Team, IReadOnlyList<string> Topics);

/// <param name="LocalStart">The slot's start in the workshop's zone.</param>
/// <param name="Available">False once someone booked it.</param>
public sealed record SlotView(string SlotId, Instant StartsAt, Instant EndsAt, LocalDateTime LocalStart, bool Available);

public sealed record SlotsView(int Count, int Minutes, IReadOnlyList<SlotView> Slots);

/// <summary>What anyone invited may see of a workshop: no other creator's name.</summary>
public record TrainingView(
    string Id,
    int Revision,
    string Title,
    string City,
    string Venue,
    Instant StartsAt,
    Instant EndsAt,
    string TimeZone,
    int Capacity,
    string? Agenda,
    IReadOnlyList<TeamView> Teams,
    SlotsView MockLivestreamSlots,
    Instant RegistrationClosesAt,
    Instant CheckInOpensAt,
    bool Cancelled,
    Instant? CancelledAt,
    int Registered,
    int Waitlisted,
    int SeatsLeft)
{
    public static TrainingView From(Workshop w, Duration closesBefore)
    {
        var d = w.Details;
        return new TrainingView(
            w.Id,
            w.Revision,
            d.Title,
            d.City,
            d.Venue,
            d.StartsAt,
            d.EndsAt,
            d.TimeZone,
            d.Capacity,
            d.Agenda,
            d.Teams.Select(t => new TeamView(t.Team, t.Topics)).ToList(),
            new SlotsView(
                d.MockLivestreamSlots.Count,
                d.MockLivestreamSlots.Minutes,
                w.Slots.Select(s => new SlotView(s.SlotId, s.StartsAt, s.EndsAt, s.LocalStart, w.SlotBookings.All(b => b.SlotId != s.SlotId))).ToList()),
            TrainingCalendar.RegistrationClosesAt(d, closesBefore),
            TrainingCalendar.CheckInWindow(d).Opens,
            w.IsCancelled,
            w.CancelledAt,
            w.Registered.Count,
            w.Waitlist.Count,
            w.SeatsLeft);
    }
}

public sealed record SeatView(string CreatorId, Instant At, IReadOnlyList<string> Teams);

/// <summary>The back office's view: the workshop (its fields at the top level) and who is where, in order.</summary>
public sealed record AdminTrainingView(
    [property: JsonIgnore] TrainingView Training,
    IReadOnlyList<WorkshopInvitation> Invitations,
    IReadOnlyList<SeatView> Registrations,
    IReadOnlyList<SeatView> Waitlist,
    IReadOnlyList<SlotBooking> SlotBookings,
    IReadOnlyList<WorkshopCheckIn> CheckIns,
    int EmailsPending) : TrainingView(Training)
{
    public static AdminTrainingView From(Workshop w, Duration closesBefore, int emailsPending) => new(
        TrainingView.From(w, closesBefore),
        w.Invitations,
        w.Registered.Select(s => new SeatView(s.CreatorId, s.At, s.Teams)).ToList(),
        w.Waitlist.Select(s => new SeatView(s.CreatorId, s.At, s.Teams)).ToList(),
        w.SlotBookings,
        w.CheckIns,
        emailsPending);
}

/// <summary>One workshop as the invited creator sees it, with where they stand.</summary>
/// <param name="Status"><c>invited</c> (no answer yet), <c>registered</c>, <c>waitlisted</c> or <c>declined</c>.</param>
public sealed record CreatorTrainingView(
    TrainingView Training,
    Instant InvitedAt,
    string Status,
    int? WaitlistPosition,
    IReadOnlyList<string> Teams,
    string? SlotId,
    Instant? CheckedInAt)
{
    public static CreatorTrainingView From(Workshop w, string creatorId, Instant invitedAt, Duration closesBefore)
    {
        var seat = w.RegistrationOf(creatorId);
        var position = w.WaitlistPosition(creatorId);
        var status = seat is not null ? "registered"
            : position is not null ? "waitlisted"
            : w.Declined.Any(d => d.CreatorId == creatorId) ? "declined"
            : "invited";
        return new CreatorTrainingView(
            TrainingView.From(w, closesBefore),
            invitedAt,
            status,
            position,
            seat?.Teams ?? w.Waitlist.FirstOrDefault(s => s.CreatorId == creatorId)?.Teams ?? [],
            w.SlotOf(creatorId)?.SlotId,
            w.CheckInOf(creatorId)?.At);
    }
}
