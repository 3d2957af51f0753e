using CreatorAccountHealth.Domain.Time;
using NodaTime;

namespace CreatorAccountHealth.Domain.Trainings;

/// <summary>
/// The outcome of a decision on a workshop: either a refusal, or a result and the workshop to store (null when nothing
/// changed, e.g. a repeat). Emails the decision causes are in the new workshop's <see cref="Workshop.Outbox"/>.
/// </summary>
public sealed record TrainingDecision<T>(Workshop? Updated, T? Result, TrainingRefusal? Refusal)
{
    public static TrainingDecision<T> Refuse(TrainingRefusalReason reason, string detail) => new(null, default, new TrainingRefusal(reason, detail));
}

public enum RegistrationStatus
{
    Registered,
    Waitlisted,
    Declined,
}

/// <param name="WaitlistPosition">1-based, when waitlisted.</param>
public sealed record RegistrationResult(string CreatorId, RegistrationStatus Status, int? WaitlistPosition, IReadOnlyList<string> Teams);

/// <param name="Promoted">Who moved from the waitlist to a seat because of this decision, in order.</param>
public sealed record WithdrawalResult(string CreatorId, RegistrationStatus Status, IReadOnlyList<string> Promoted);

public sealed record InvitationResult(IReadOnlyList<string> Invited, IReadOnlyList<string> AlreadyInvited);

public sealed record SlotResult(MockLivestreamSlot Slot, string CreatorId, Instant BookedAt, bool AlreadyBooked);

public sealed record CheckInResult(string CreatorId, Instant CheckedInAt, bool AlreadyCheckedIn);

public sealed record EditResult(bool Changed, bool InviteesNotified, IReadOnlyList<string> Promoted);

/// <summary>Every change to a workshop, as pure functions of the workshop, the request and the time.</summary>
public static class TrainingDecisions
{
    public static TrainingDecision<EditResult> Edit(Workshop workshop, WorkshopDetails details, Instant now)
    {
        if (workshop.IsCancelled)
        {
            return Cancelled<EditResult>(workshop);
        }

        if (details.Capacity < workshop.Registered.Count)
        {
            return TrainingDecision<EditResult>.Refuse(
                TrainingRefusalReason.CapacityBelowRegistrations,
                $"{workshop.Registered.Count} creators are registered; the capacity can't go below that (asked for {details.Capacity}). Cancel registrations first, or keep the capacity.");
        }

        var lostSlot = workshop.SlotBookings.Where(b => SlotNumber(b.SlotId) > details.MockLivestreamSlots.Count).Select(b => b.SlotId).ToList();
        if (lostSlot.Count > 0)
        {
            return TrainingDecision<EditResult>.Refuse(
                TrainingRefusalReason.SlotsBelowBookings,
                $"Slots {string.Join(", ", lostSlot)} are booked; the slot count can't drop below {lostSlot.Max(SlotNumber)}.");
        }

        var picked = workshop.Registered.Concat(workshop.Waitlist).SelectMany(s => s.Teams).Distinct(StringComparer.OrdinalIgnoreCase)
            .Where(team => details.FindTeam(team) is null).ToList();
        if (picked.Count > 0)
        {
            return TrainingDecision<EditResult>.Refuse(
                TrainingRefusalReason.TeamPicked,
                $"Creators picked {string.Join(", ", picked.Select(t => $"'{t}'"))}: a picked team can't be removed (renaming counts as removing).");
        }

        var notify = workshop.Details.DiffersForInvitees(details);
        if (!notify && details == workshop.Details)
        {
            return new(null, new EditResult(false, false, []), null);
        }

        var revision = notify ? workshop.Revision + 1 : workshop.Revision;
        var updated = workshop with { Details = details, Revision = revision, UpdatedAt = now };
        if (notify)
        {
            updated = workshop.Invitations.Aggregate(updated, (w, i) => Enqueue(w, i.CreatorId, WorkshopEmailKind.Updated, now));
        }

        // More seats: the waitlist moves up, in order.
        var (filled, promoted) = Promote(updated, now);
        return new(filled, new EditResult(true, notify, promoted), null);
    }

    /// <summary>Cancels the workshop (the record stays); a repeat changes nothing.</summary>
    public static TrainingDecision<bool> Cancel(Workshop workshop, Instant now)
    {
        if (workshop.IsCancelled)
        {
            return new(null, false, null);
        }

        var cancelled = workshop with { CancelledAt = now, UpdatedAt = now, Revision = workshop.Revision + 1 };
        return new(workshop.Invitations.Aggregate(cancelled, (w, i) => Enqueue(w, i.CreatorId, WorkshopEmailKind.Cancelled, now)), true, null);
    }

    /// <summary>Invites the creators not yet invited (in the order given, each once); the others are reported as already invited.</summary>
    public static TrainingDecision<InvitationResult> Invite(Workshop workshop, IEnumerable<string> creatorIds, Instant now, Duration closesBefore)
    {
        if (workshop.IsCancelled)
        {
            return Cancelled<InvitationResult>(workshop);
        }

        if (!TrainingCalendar.IsRegistrationOpen(workshop.Details, closesBefore, now))
        {
            return Closed<InvitationResult>(workshop, closesBefore, "nobody new can be invited");
        }

        var already = new List<string>();
        var fresh = new List<string>();
        foreach (var id in creatorIds.Distinct(StringComparer.Ordinal))
        {
            (workshop.IsInvited(id) ? already : fresh).Add(id);
        }

        if (workshop.Invitations.Count + fresh.Count > Workshop.MaxInvitations)
        {
            return TrainingDecision<InvitationResult>.Refuse(
                TrainingRefusalReason.TooManyInvitations,
                $"A workshop holds at most {Workshop.MaxInvitations} invitations; it has {workshop.Invitations.Count} and this would add {fresh.Count}.");
        }

        if (fresh.Count == 0)
        {
            return new(null, new InvitationResult([], already), null);
        }

        var updated = workshop with
        {
            Invitations = [.. workshop.Invitations, .. fresh.Select(id => new WorkshopInvitation(id, now))],
            UpdatedAt = now,
        };
        updated = fresh.Aggregate(updated, (w, id) => Enqueue(w, id, WorkshopEmailKind.Invitation, now));
        return new(updated, new InvitationResult(fresh, already), null);
    }

    /// <summary>Accept: a seat while there is one, else the end of the waitlist. Teams must be on site.</summary>
    public static TrainingDecision<RegistrationResult> Accept(Workshop workshop, string creatorId, IReadOnlyList<string> teams, Instant now, Duration closesBefore)
    {
        if (Invited<RegistrationResult>(workshop, creatorId) is { } refused)
        {
            return refused;
        }

        if (!TrainingCalendar.IsRegistrationOpen(workshop.Details, closesBefore, now))
        {
            return Closed<RegistrationResult>(workshop, closesBefore, "it can't be accepted any more");
        }

        var unknown = teams.Where(t => workshop.Details.FindTeam(t) is null).ToList();
        if (unknown.Count > 0)
        {
            return TrainingDecision<RegistrationResult>.Refuse(
                TrainingRefusalReason.UnknownTeam,
                $"Not on site at this workshop: {string.Join(", ", unknown.Select(t => $"'{t}'"))}. On site: {string.Join(", ", workshop.Details.Teams.Select(t => $"'{t.Team}'"))}.");
        }

        var picked = teams.Select(t => workshop.Details.FindTeam(t)!).Distinct(StringComparer.Ordinal).ToList();

        // Accepting again keeps the seat or the place on the waitlist and replaces the team picks: that is how a creator
        // changes whom they want to meet, and a retried accept (same body) changes nothing.
        if (workshop.RegistrationOf(creatorId) is { } registered)
        {
            return Repick(workshop, registered, picked, now, RegistrationStatus.Registered, null);
        }

        if (workshop.WaitlistPosition(creatorId) is { } position)
        {
            return Repick(workshop, workshop.Waitlist.First(s => s.CreatorId == creatorId), picked, now, RegistrationStatus.Waitlisted, position);
        }

        var seat = new WorkshopSeat(creatorId, now, picked);
        var declined = workshop.Declined.Where(d => d.CreatorId != creatorId).ToList();
        if (workshop.Registered.Count < workshop.Details.Capacity)
        {
            return new(
                workshop with { Registered = [.. workshop.Registered, seat], Declined = declined, UpdatedAt = now },
                new RegistrationResult(creatorId, RegistrationStatus.Registered, null, seat.Teams),
                null);
        }

        return new(
            workshop with { Waitlist = [.. workshop.Waitlist, seat], Declined = declined, UpdatedAt = now },
            new RegistrationResult(creatorId, RegistrationStatus.Waitlisted, workshop.Waitlist.Count + 1, seat.Teams),
            null);
    }

    private static TrainingDecision<RegistrationResult> Repick(
        Workshop workshop, WorkshopSeat seat, IReadOnlyList<string> picked, Instant now, RegistrationStatus status, int? position)
    {
        var result = new RegistrationResult(seat.CreatorId, status, position, picked);
        if (seat.Teams.SequenceEqual(picked, StringComparer.Ordinal))
        {
            return new(null, result, null);
        }

        var repicked = seat with { Teams = picked };
        IReadOnlyList<WorkshopSeat> Replace(IReadOnlyList<WorkshopSeat> seats) => seats.Select(s => s.CreatorId == seat.CreatorId ? repicked : s).ToList();
        return new(workshop with { Registered = Replace(workshop.Registered), Waitlist = Replace(workshop.Waitlist), UpdatedAt = now }, result, null);
    }

    /// <summary>
    /// Decline (invited, no seat) or cancel (registered or waitlisted). A freed seat goes to the first on the waitlist,
    /// who gets a SeatConfirmed email; a freed slot is open again. A repeat decline changes nothing.
    /// </summary>
    public static TrainingDecision<WithdrawalResult> Withdraw(Workshop workshop, string creatorId, Instant now)
    {
        if (Invited<WithdrawalResult>(workshop, creatorId) is { } refused)
        {
            return refused;
        }

        var declined = new WithdrawalResult(creatorId, RegistrationStatus.Declined, []);
        var hasSeat = workshop.RegistrationOf(creatorId) is not null;
        var waiting = workshop.WaitlistPosition(creatorId) is not null;
        if (!hasSeat && !waiting)
        {
            return workshop.Declined.Any(d => d.CreatorId == creatorId)
                ? new(null, declined, null)
                : new(workshop with { Declined = [.. workshop.Declined, new WorkshopDecline(creatorId, now)], UpdatedAt = now }, declined, null);
        }

        if (now >= workshop.Details.StartsAt)
        {
            return Started<WithdrawalResult>("a registration can't be cancelled any more");
        }

        var without = workshop with
        {
            Registered = workshop.Registered.Where(s => s.CreatorId != creatorId).ToList(),
            Waitlist = workshop.Waitlist.Where(s => s.CreatorId != creatorId).ToList(),
            SlotBookings = workshop.SlotBookings.Where(b => b.CreatorId != creatorId).ToList(),
            Declined = [.. workshop.Declined, new WorkshopDecline(creatorId, now)],
            UpdatedAt = now,
        };
        var (updated, promoted) = Promote(without, now);
        return new(updated, declined with { Promoted = promoted }, null);
    }

    /// <summary>
    /// Erasure: the creator leaves every list of the workshop (invitation, seat or waitlist place, decline, slot, check-in)
    /// and their pending emails leave the outbox. A freed seat goes to the first waitlisted as on a cancel, while the
    /// workshop is still ahead and not cancelled; nothing else refuses it (a creator's data goes, whatever the workshop's
    /// state). Nothing about the creator left: nothing to write (a repeat).
    /// </summary>
    /// <returns>Who was promoted to a seat, in order.</returns>
    public static TrainingDecision<IReadOnlyList<string>> Erase(Workshop workshop, string creatorId, Instant now)
    {
        bool Theirs(string id) => id == creatorId;
        if (!workshop.Invitations.Any(i => Theirs(i.CreatorId)) && !workshop.Registered.Concat(workshop.Waitlist).Any(s => Theirs(s.CreatorId))
            && !workshop.Declined.Any(d => Theirs(d.CreatorId)) && !workshop.SlotBookings.Any(b => Theirs(b.CreatorId))
            && !workshop.CheckIns.Any(c => Theirs(c.CreatorId)) && !workshop.Outbox.Any(p => Theirs(p.CreatorId)))
        {
            return new(null, [], null);
        }

        var hadSeat = workshop.RegistrationOf(creatorId) is not null;
        var without = workshop with
        {
            Invitations = workshop.Invitations.Where(i => !Theirs(i.CreatorId)).ToList(),
            Registered = workshop.Registered.Where(s => !Theirs(s.CreatorId)).ToList(),
            Waitlist = workshop.Waitlist.Where(s => !Theirs(s.CreatorId)).ToList(),
            Declined = workshop.Declined.Where(d => !Theirs(d.CreatorId)).ToList(),
            SlotBookings = workshop.SlotBookings.Where(b => !Theirs(b.CreatorId)).ToList(),
            CheckIns = workshop.CheckIns.Where(c => !Theirs(c.CreatorId)).ToList(),
            Outbox = workshop.Outbox.Where(p => !Theirs(p.CreatorId)).ToList(),
            UpdatedAt = now,
        };
        if (!hadSeat || workshop.IsCancelled || now >= workshop.Details.StartsAt)
        {
            return new(without, [], null);
        }

        var (updated, promoted) = Promote(without, now);
        return new(updated, promoted, null);
    }

    /// <summary>One slot per registered creator, first come first served; booking the slot one already has is a repeat.</summary>
    public static TrainingDecision<SlotResult> BookSlot(Workshop workshop, string creatorId, string slotId, Instant now)
    {
        if (Invited<SlotResult>(workshop, creatorId) is { } refused)
        {
            return refused;
        }

        if (now >= workshop.Details.StartsAt)
        {
            return Started<SlotResult>("slots can't be booked any more");
        }

        if (workshop.RegistrationOf(creatorId) is null)
        {
            return NotRegistered<SlotResult>(workshop, creatorId, "Only registered creators can book a mock livestream slot");
        }

        var slot = workshop.Slots.FirstOrDefault(s => s.SlotId == slotId);
        if (slot is null)
        {
            return TrainingDecision<SlotResult>.Refuse(
                TrainingRefusalReason.UnknownSlot,
                workshop.Slots.Count == 0
                    ? "This workshop has no mock livestream slots."
                    : $"'{slotId}' is not a slot of this workshop: slot-1 to slot-{workshop.Slots.Count}.");
        }

        if (workshop.SlotOf(creatorId) is { } mine)
        {
            return mine.SlotId == slotId
                ? new(null, new SlotResult(slot, creatorId, mine.BookedAt, true), null)
                : TrainingDecision<SlotResult>.Refuse(TrainingRefusalReason.AlreadyHasSlot, $"Creator '{creatorId}' already booked {mine.SlotId}; one slot per creator per workshop.");
        }

        if (workshop.SlotBookings.Any(b => b.SlotId == slotId))
        {
            return TrainingDecision<SlotResult>.Refuse(TrainingRefusalReason.SlotTaken, $"{slotId} was booked by another creator first.");
        }

        return new(
            workshop with { SlotBookings = [.. workshop.SlotBookings, new SlotBooking(slotId, creatorId, now)], UpdatedAt = now },
            new SlotResult(slot, creatorId, now, false),
            null);
    }

    /// <summary>Registered creators check in inside <see cref="TrainingCalendar.CheckInWindow"/>; a repeat is answered with the first check-in.</summary>
    public static TrainingDecision<CheckInResult> CheckIn(Workshop workshop, string creatorId, Instant now)
    {
        if (workshop.IsCancelled)
        {
            return Cancelled<CheckInResult>(workshop);
        }

        if (workshop.RegistrationOf(creatorId) is null)
        {
            return NotRegistered<CheckInResult>(workshop, creatorId, "Only registered creators can check in");
        }

        if (workshop.CheckInOf(creatorId) is { } first)
        {
            return new(null, new CheckInResult(creatorId, first.At, true), null);
        }

        var (opens, closes) = TrainingCalendar.CheckInWindow(workshop.Details);
        if (now < opens || now >= closes)
        {
            return TrainingDecision<CheckInResult>.Refuse(
                TrainingRefusalReason.CheckInClosed,
                $"Check-in is open from {opens} to {closes} (UTC): on the workshop's day, from {TrainingCalendar.CheckInOpensBefore.TotalHours:0} hours before the start until the end.");
        }

        return new(
            workshop with { CheckIns = [.. workshop.CheckIns, new WorkshopCheckIn(creatorId, now)], UpdatedAt = now },
            new CheckInResult(creatorId, now, false),
            null);
    }

    /// <summary>
    /// Whether storing <paramref name="after"/> over <paramref name="before"/> puts an email into the outbox that wasn't
    /// there: such a write must be announced in the pending-mail index first (so a crash after it is repaired).
    /// </summary>
    public static bool AddsEmails(Workshop before, Workshop after) => after.Outbox.Any(p => !before.Outbox.Contains(p));

    /// <summary>Drops the outbox entries that are now on the queue (matched by creator, kind and revision).</summary>
    public static Workshop WithoutSent(Workshop workshop, IReadOnlyCollection<PendingEmail> sent) =>
        workshop with { Outbox = workshop.Outbox.Where(p => !sent.Any(s => s.CreatorId == p.CreatorId && s.Kind == p.Kind && s.Revision == p.Revision)).ToList() };

    /// <summary>
    /// Adds an email to the outbox. Emails not yet sent that a newer one makes pointless are dropped: a cancellation
    /// replaces everything pending for the creator; an update replaces a pending update, and is not needed when the
    /// invitation itself is still pending (it goes out with the workshop as it is when sent).
    /// </summary>
    private static Workshop Enqueue(Workshop workshop, string creatorId, WorkshopEmailKind kind, Instant now)
    {
        var outbox = workshop.Outbox.ToList();
        switch (kind)
        {
            case WorkshopEmailKind.Cancelled:
                outbox.RemoveAll(p => p.CreatorId == creatorId);
                break;
            case WorkshopEmailKind.Updated when outbox.Any(p => p.CreatorId == creatorId && p.Kind == WorkshopEmailKind.Invitation):
                return workshop;
            case WorkshopEmailKind.Updated:
                outbox.RemoveAll(p => p.CreatorId == creatorId && p.Kind == WorkshopEmailKind.Updated);
                break;
        }

        outbox.Add(new PendingEmail(creatorId, kind, workshop.Revision, now));
        return workshop with { Outbox = outbox };
    }

    /// <summary>Moves the waitlist up into free seats, in order, each promoted creator getting a SeatConfirmed email.</summary>
    private static (Workshop Workshop, IReadOnlyList<string> Promoted) Promote(Workshop workshop, Instant now)
    {
        var free = workshop.Details.Capacity - workshop.Registered.Count;
        if (free <= 0 || workshop.Waitlist.Count == 0)
        {
            return (workshop, []);
        }

        var moving = workshop.Waitlist.Take(free).ToList();
        var updated = workshop with
        {
            Registered = [.. workshop.Registered, .. moving.Select(s => s with { At = now })],
            Waitlist = workshop.Waitlist.Skip(moving.Count).ToList(),
        };
        updated = moving.Aggregate(updated, (w, s) => Enqueue(w, s.CreatorId, WorkshopEmailKind.SeatConfirmed, now));
        return (updated, moving.Select(s => s.CreatorId).ToList());
    }

    private static TrainingDecision<T>? Invited<T>(Workshop workshop, string creatorId)
    {
        if (workshop.IsCancelled)
        {
            return Cancelled<T>(workshop);
        }

        return workshop.IsInvited(creatorId)
            ? null
            : TrainingDecision<T>.Refuse(TrainingRefusalReason.NotInvited, $"Creator '{creatorId}' is not invited to this workshop.");
    }

    private static TrainingDecision<T> Cancelled<T>(Workshop workshop) =>
        TrainingDecision<T>.Refuse(TrainingRefusalReason.TrainingCancelled, $"The workshop was cancelled at {workshop.CancelledAt}.");

    private static TrainingDecision<T> Closed<T>(Workshop workshop, Duration closesBefore, string what) =>
        TrainingDecision<T>.Refuse(
            TrainingRefusalReason.RegistrationClosed,
            $"Registration closed at {TrainingCalendar.RegistrationClosesAt(workshop.Details, closesBefore)} ({closesBefore.TotalHours:0} hours before the start): {what}.");

    private static TrainingDecision<T> Started<T>(string what) =>
        TrainingDecision<T>.Refuse(TrainingRefusalReason.TrainingStarted, $"The workshop has started: {what}.");

    private static TrainingDecision<T> NotRegistered<T>(Workshop workshop, string creatorId, string rule) =>
        TrainingDecision<T>.Refuse(
            TrainingRefusalReason.NotRegistered,
            workshop.WaitlistPosition(creatorId) is { } position
                ? $"{rule}; creator '{creatorId}' is on the waitlist (position {position})."
                : $"{rule}; creator '{creatorId}' is not registered.");

    private static int SlotNumber(string slotId) => int.TryParse(slotId.AsSpan("slot-".Length), out var n) ? n : int.MaxValue;
}
