using CreatorAccountHealth.Domain.Trainings;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.Trainings.Workshops;

namespace CreatorAccountHealth.Domain.Tests.Trainings;

public class TrainingDecisionsTests
{
    private static readonly Instant Now = WeekBefore + Duration.FromHours(1);

    [Fact]
    public void Accepting_fills_the_seats_then_the_waitlist_in_order()
    {
        var w = Invited(2, "a", "b", "c", "d");

        var a = TrainingDecisions.Accept(w, "a", [], Now, Closes48);
        w = Ok(a);
        var b = TrainingDecisions.Accept(w, "b", [], Now, Closes48);
        w = Ok(b);
        var c = TrainingDecisions.Accept(w, "c", [], Now, Closes48);
        w = Ok(c);
        var d = TrainingDecisions.Accept(w, "d", [], Now, Closes48);
        w = Ok(d);

        Assert.Equal(RegistrationStatus.Registered, a.Result!.Status);
        Assert.Equal(RegistrationStatus.Registered, b.Result!.Status);
        Assert.Equal((RegistrationStatus.Waitlisted, 1), (c.Result!.Status, c.Result.WaitlistPosition!.Value));
        Assert.Equal((RegistrationStatus.Waitlisted, 2), (d.Result!.Status, d.Result.WaitlistPosition!.Value));
        Assert.Equal(["a", "b"], w.Registered.Select(s => s.CreatorId));
        Assert.Equal(["c", "d"], w.Waitlist.Select(s => s.CreatorId));
    }

    [Fact]
    public void A_freed_seat_goes_to_the_first_waitlisted_who_gets_a_seat_confirmed_email()
    {
        var w = Invited(1, "a", "b", "c").Accept("a").Accept("b").Accept("c");
        var outboxBefore = w.Outbox.Count;

        var decision = TrainingDecisions.Withdraw(w, "a", Now);
        w = Ok(decision);

        Assert.Equal(["b"], decision.Result!.Promoted);
        Assert.Equal(["b"], w.Registered.Select(s => s.CreatorId));
        Assert.Equal(["c"], w.Waitlist.Select(s => s.CreatorId));
        var email = Assert.Single(w.Outbox.Skip(outboxBefore));
        Assert.Equal(("b", WorkshopEmailKind.SeatConfirmed), (email.CreatorId, email.Kind));
    }

    [Fact]
    public void Erasing_a_creator_removes_them_from_every_list_and_their_pending_emails_and_promotes_the_waitlist()
    {
        var w = Invited(1, "a", "b", "c").Accept("a").Accept("b").Accept("c");
        w = Ok(TrainingDecisions.BookSlot(w, "a", "slot-1", Now));
        Assert.Contains(w.Outbox, p => p.CreatorId == "a");

        var decision = TrainingDecisions.Erase(w, "a", Now);
        w = Ok(decision);

        Assert.Equal(["b"], decision.Result!);
        Assert.DoesNotContain(w.Invitations, i => i.CreatorId == "a");
        Assert.DoesNotContain(w.Declined, d => d.CreatorId == "a");
        Assert.Empty(w.SlotBookings);
        Assert.Equal(["b"], w.Registered.Select(s => s.CreatorId));
        Assert.Equal(["c"], w.Waitlist.Select(s => s.CreatorId));
        Assert.DoesNotContain(w.Outbox, p => p.CreatorId == "a");
        Assert.Contains(w.Outbox, p => (p.CreatorId, p.Kind) == ("b", WorkshopEmailKind.SeatConfirmed));
        Assert.Null(TrainingDecisions.Erase(w, "a", Now).Updated);
    }

    [Fact]
    public void Erasing_from_a_started_or_cancelled_workshop_removes_the_creator_and_promotes_nobody()
    {
        var full = Invited(1, "a", "b").Accept("a").Accept("b");
        var cancelled = Ok(TrainingDecisions.Cancel(full, Now));

        var started = TrainingDecisions.Erase(full, "a", Start);
        var afterCancel = TrainingDecisions.Erase(cancelled, "a", Now);

        Assert.Empty(started.Result!);
        Assert.Empty(Ok(started).Registered);
        Assert.Equal(["b"], Ok(started).Waitlist.Select(s => s.CreatorId));
        Assert.Empty(afterCancel.Result!);
        Assert.DoesNotContain(Ok(afterCancel).Outbox, p => p.CreatorId == "a");
        Assert.DoesNotContain(Ok(afterCancel).Invitations, i => i.CreatorId == "a");
    }

    [Fact]
    public void Leaving_the_waitlist_promotes_nobody_and_keeps_the_order()
    {
        var w = Invited(1, "a", "b", "c", "d").Accept("a").Accept("b").Accept("c").Accept("d");

        var decision = TrainingDecisions.Withdraw(w, "c", Now);
        w = Ok(decision);

        Assert.Empty(decision.Result!.Promoted);
        Assert.Equal(["b", "d"], w.Waitlist.Select(s => s.CreatorId));
        Assert.Equal(2, w.WaitlistPosition("d"));
    }

    [Fact]
    public void Cancelling_a_seat_frees_the_slot_it_held()
    {
        var w = Invited(2, "a", "b").Accept("a").Accept("b");
        w = Ok(TrainingDecisions.BookSlot(w, "a", "slot-1", Now));

        w = Ok(TrainingDecisions.Withdraw(w, "a", Now));

        Assert.Equal("b", Ok(TrainingDecisions.BookSlot(w, "b", "slot-1", Now)).SlotOf("b")!.CreatorId);
    }

    [Fact]
    public void Declining_without_a_seat_is_recorded_once_and_can_be_undone_by_accepting()
    {
        var w = Invited(2, "a");

        var first = TrainingDecisions.Withdraw(w, "a", Now);
        w = Ok(first);
        var repeat = TrainingDecisions.Withdraw(w, "a", Now);

        Assert.Equal(RegistrationStatus.Declined, first.Result!.Status);
        Assert.Null(repeat.Updated);
        Assert.Null(repeat.Refusal);
        w = w.Accept("a", Now);
        Assert.Empty(w.Declined);
        Assert.NotNull(w.RegistrationOf("a"));
    }

    [Fact]
    public void Accepting_uninvited_is_refused()
    {
        var w = Invited(1, "a").Accept("a");

        var decision = TrainingDecisions.Accept(w, "stranger", [], Now, Closes48);

        Assert.Equal(TrainingRefusalReason.NotInvited, decision.Refusal!.Reason);
        Assert.Null(decision.Updated);
    }

    [Fact]
    public void Accepting_again_keeps_the_seat_and_the_waitlist_place_and_replaces_the_team_picks()
    {
        var w = Invited(1, "a", "b", "c").Accept("a", null, "policy").Accept("b").Accept("c");

        var seated = TrainingDecisions.Accept(w, "a", ["campaigns"], Now, Closes48);
        var waiting = TrainingDecisions.Accept(seated.Updated!, "c", ["policy"], Now, Closes48);
        var after = waiting.Updated!;

        Assert.Equal((RegistrationStatus.Registered, (int?)null), (seated.Result!.Status, seated.Result.WaitlistPosition));
        Assert.Equal((RegistrationStatus.Waitlisted, (int?)2), (waiting.Result!.Status, waiting.Result.WaitlistPosition));
        Assert.Equal(["a"], after.Registered.Select(s => s.CreatorId));
        Assert.Equal(["b", "c"], after.Waitlist.Select(s => s.CreatorId));
        Assert.Equal(["campaigns"], after.RegistrationOf("a")!.Teams);
        Assert.Equal(["policy"], after.Waitlist[1].Teams);
    }

    [Fact]
    public void Accepting_again_with_the_same_teams_changes_nothing()
    {
        var w = Invited(1, "a").Accept("a", null, "policy");

        var repeat = TrainingDecisions.Accept(w, "a", ["POLICY"], Now, Closes48);

        Assert.Null(repeat.Updated);
        Assert.Null(repeat.Refusal);
        Assert.Equal(RegistrationStatus.Registered, repeat.Result!.Status);
    }

    [Fact]
    public void Teams_must_be_on_site_and_are_stored_as_the_workshop_spells_them()
    {
        var w = Invited(2, "a", "b");

        var refused = TrainingDecisions.Accept(w, "a", ["policy", "astrology"], Now, Closes48);
        w = w.Accept("b", Now, "POLICY", "campaigns");

        Assert.Equal(TrainingRefusalReason.UnknownTeam, refused.Refusal!.Reason);
        Assert.Contains("'astrology'", refused.Refusal.Detail);
        Assert.Equal(["policy", "campaigns"], w.RegistrationOf("b")!.Teams);
    }

    [Fact]
    public void Slots_are_first_come_first_served_one_per_creator()
    {
        var w = Invited(3, "a", "b", "c").Accept("a").Accept("b");
        w = Ok(TrainingDecisions.BookSlot(w, "a", "slot-2", Now));

        Assert.Equal(TrainingRefusalReason.SlotTaken, TrainingDecisions.BookSlot(w, "b", "slot-2", Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.AlreadyHasSlot, TrainingDecisions.BookSlot(w, "a", "slot-3", Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.UnknownSlot, TrainingDecisions.BookSlot(w, "b", "slot-4", Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.NotRegistered, TrainingDecisions.BookSlot(w, "c", "slot-1", Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.NotInvited, TrainingDecisions.BookSlot(w, "z", "slot-1", Now).Refusal!.Reason);
        var repeat = TrainingDecisions.BookSlot(w, "a", "slot-2", Now);
        Assert.True(repeat.Result!.AlreadyBooked);
        Assert.Null(repeat.Updated);
    }

    [Fact]
    public void A_waitlisted_creator_cannot_book_a_slot()
    {
        var w = Invited(1, "a", "b").Accept("a").Accept("b");

        var decision = TrainingDecisions.BookSlot(w, "b", "slot-1", Now);

        Assert.Equal(TrainingRefusalReason.NotRegistered, decision.Refusal!.Reason);
        Assert.Contains("waitlist (position 1)", decision.Refusal.Detail);
    }

    [Fact]
    public void Inviting_again_invites_nobody_twice_and_queues_one_invitation_email_per_new_invitee()
    {
        var w = Invited(2, "a", "b");

        var again = TrainingDecisions.Invite(w, ["b", "c", "c"], Now, Closes48);
        w = Ok(again);

        Assert.Equal(["c"], again.Result!.Invited);
        Assert.Equal(["b"], again.Result.AlreadyInvited);
        Assert.Equal(["a", "b", "c"], w.Outbox.Where(p => p.Kind == WorkshopEmailKind.Invitation).Select(p => p.CreatorId));
        Assert.Null(TrainingDecisions.Invite(w, ["a", "c"], Now, Closes48).Updated);
    }

    [Fact]
    public void An_edit_cannot_drop_capacity_below_the_registrations_but_more_seats_promote_the_waitlist()
    {
        var w = Invited(2, "a", "b", "c", "d").Accept("a").Accept("b").Accept("c").Accept("d");

        var refused = TrainingDecisions.Edit(w, Details(capacity: 1), Now);
        var grown = TrainingDecisions.Edit(w, Details(capacity: 3), Now);

        Assert.Equal(TrainingRefusalReason.CapacityBelowRegistrations, refused.Refusal!.Reason);
        Assert.Contains("2 creators are registered", refused.Refusal.Detail);
        Assert.Equal(["c"], grown.Result!.Promoted);
        Assert.False(grown.Result.InviteesNotified, "capacity isn't something an invitee's calendar shows");
        Assert.Equal(w.Revision, grown.Updated!.Revision);
        Assert.Equal(["d"], grown.Updated.Waitlist.Select(s => s.CreatorId));
    }

    [Fact]
    public void An_edit_invitees_would_see_bumps_the_revision_and_queues_an_update_for_each_invitee()
    {
        var w = Invited(2, "a", "b");
        w = TrainingDecisions.WithoutSent(w, w.Outbox.ToList()); // the invitations went out
        var moved = Details() with { Venue = "2 Other Street, London" };

        var decision = TrainingDecisions.Edit(w, moved, Now);
        var updated = Ok(decision);

        Assert.True(decision.Result!.InviteesNotified);
        Assert.Equal(2, updated.Revision);
        Assert.All(updated.Outbox, p => Assert.Equal((WorkshopEmailKind.Updated, 2), (p.Kind, p.Revision)));
        Assert.Equal(["a", "b"], updated.Outbox.Select(p => p.CreatorId));
    }

    [Fact]
    public void Only_decisions_that_put_a_new_email_in_the_outbox_add_emails()
    {
        var fresh = Workshop.Create("trn-1", Details(1), WeekBefore);
        var invited = Invited(1, "a", "b");
        var sent = TrainingDecisions.WithoutSent(invited, invited.Outbox.ToList());
        var full = sent.Accept("a").Accept("b");
        var promoted = Ok(TrainingDecisions.Withdraw(full, "a", Now));
        var absorbed = Ok(TrainingDecisions.Edit(invited, Details(1) with { Agenda = "new agenda" }, Now)); // the pending invitation covers it

        Assert.True(TrainingDecisions.AddsEmails(fresh, invited));
        Assert.True(TrainingDecisions.AddsEmails(full, promoted));
        Assert.True(TrainingDecisions.AddsEmails(invited, Ok(TrainingDecisions.Cancel(invited, Now))), "a cancellation replaces the pending invitations");
        Assert.False(TrainingDecisions.AddsEmails(invited, sent), "sending removes emails");
        Assert.False(TrainingDecisions.AddsEmails(sent, full), "accepting sends nothing");
        Assert.False(TrainingDecisions.AddsEmails(invited, absorbed));
    }

    [Fact]
    public void A_pending_invitation_absorbs_an_update_and_a_cancellation_replaces_everything_pending()
    {
        var w = Invited(2, "a");

        var edited = Ok(TrainingDecisions.Edit(w, Details() with { Agenda = "new agenda" }, Now));
        var cancelled = Ok(TrainingDecisions.Cancel(edited, Now));

        Assert.Equal([WorkshopEmailKind.Invitation], edited.Outbox.Select(p => p.Kind));
        var only = Assert.Single(cancelled.Outbox);
        Assert.Equal((WorkshopEmailKind.Cancelled, 3), (only.Kind, only.Revision));
    }

    [Fact]
    public void Edits_cannot_remove_booked_slots_or_picked_teams()
    {
        var w = Invited(2, "a").Accept("a", Now, "campaigns");
        w = Ok(TrainingDecisions.BookSlot(w, "a", "slot-3", Now));

        var fewerSlots = TrainingDecisions.Edit(w, Details(slots: 2), Now);
        var noCampaigns = TrainingDecisions.Edit(w, Details() with { Teams = [new WorkshopTeam("policy", [])] }, Now);

        Assert.Equal(TrainingRefusalReason.SlotsBelowBookings, fewerSlots.Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.TeamPicked, noCampaigns.Refusal!.Reason);
    }

    [Fact]
    public void A_cancelled_workshop_refuses_everything_and_cancelling_again_changes_nothing()
    {
        var w = Ok(TrainingDecisions.Cancel(Invited(2, "a", "b").Accept("a"), Now));

        Assert.Null(TrainingDecisions.Cancel(w, Now).Updated);
        Assert.Equal(TrainingRefusalReason.TrainingCancelled, TrainingDecisions.Accept(w, "b", [], Now, Closes48).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.TrainingCancelled, TrainingDecisions.Withdraw(w, "a", Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.TrainingCancelled, TrainingDecisions.BookSlot(w, "a", "slot-1", Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.TrainingCancelled, TrainingDecisions.Invite(w, ["c"], Now, Closes48).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.TrainingCancelled, TrainingDecisions.Edit(w, Details(), Now).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.TrainingCancelled, TrainingDecisions.CheckIn(w, "a", Start).Refusal!.Reason);
        Assert.Equal(["a", "b"], w.Outbox.Where(p => p.Kind == WorkshopEmailKind.Cancelled).Select(p => p.CreatorId));
    }

    [Fact]
    public void Registration_closes_exactly_the_configured_time_before_the_start()
    {
        var w = Invited(2, "a", "b");
        var closesAt = Start - Closes48;

        Assert.Null(TrainingDecisions.Accept(w, "a", [], closesAt - Duration.Epsilon, Closes48).Refusal);
        Assert.Equal(TrainingRefusalReason.RegistrationClosed, TrainingDecisions.Accept(w, "b", [], closesAt, Closes48).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.RegistrationClosed, TrainingDecisions.Invite(w, ["c"], closesAt, Closes48).Refusal!.Reason);
        Assert.Null(TrainingDecisions.Accept(w, "b", [], closesAt, Duration.FromHours(24)).Refusal);
    }

    [Fact]
    public void A_seat_can_be_given_up_after_registration_closes_but_not_once_the_workshop_started()
    {
        var w = Invited(1, "a", "b").Accept("a").Accept("b");

        var lateCancel = TrainingDecisions.Withdraw(w, "a", Start - Duration.FromHours(1));
        var tooLate = TrainingDecisions.Withdraw(w, "a", Start);

        Assert.Equal(["b"], lateCancel.Result!.Promoted);
        Assert.Equal(TrainingRefusalReason.TrainingStarted, tooLate.Refusal!.Reason);
    }

    [Fact]
    public void Only_registered_creators_check_in_inside_the_window_and_a_repeat_keeps_the_first_time()
    {
        var w = Invited(1, "a", "b").Accept("a").Accept("b");
        var opens = Start - Duration.FromHours(2);

        Assert.Equal(TrainingRefusalReason.CheckInClosed, TrainingDecisions.CheckIn(w, "a", opens - Duration.Epsilon).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.CheckInClosed, TrainingDecisions.CheckIn(w, "a", End).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.NotRegistered, TrainingDecisions.CheckIn(w, "b", Start).Refusal!.Reason);
        Assert.Equal(TrainingRefusalReason.NotRegistered, TrainingDecisions.CheckIn(w, "z", Start).Refusal!.Reason);

        w = Ok(TrainingDecisions.CheckIn(w, "a", opens));
        var repeat = TrainingDecisions.CheckIn(w, "a", Start);

        Assert.True(repeat.Result!.AlreadyCheckedIn);
        Assert.Equal(opens, repeat.Result.CheckedInAt);
        Assert.Null(repeat.Updated);
    }

    [Fact]
    public void The_workshop_holds_a_bounded_number_of_invitations()
    {
        var w = Workshop.Create("trn-1", Details(), WeekBefore);

        var decision = TrainingDecisions.Invite(w, Enumerable.Range(0, Workshop.MaxInvitations + 1).Select(i => $"c{i}"), Now, Closes48);

        Assert.Equal(TrainingRefusalReason.TooManyInvitations, decision.Refusal!.Reason);
    }
}
