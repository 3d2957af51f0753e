using System.Text;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using Ical.Net;
using Ical.Net.CalendarComponents;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>The .ics attached to training emails, checked by parsing it back with Ical.Net, as a calendar would read it.</summary>
public sealed class TrainingCalendarEventTests
{
    private static readonly CalendarPerson Organizer = new("trainings@creator-platform.example", "Creator Account Health");
    private readonly TrainingEmailRenderer renderer = new();

    private (Calendar Calendar, CalendarEvent Event, Functions.Email.EmailAttachment Attachment) Render(TrainingEmailMessage message)
    {
        var attachment = renderer.Render(message, SampleTrainings.Profile(), Organizer).Calendar;
        var calendar = Calendar.Load(Encoding.UTF8.GetString(attachment.Content.Span))!;
        return (calendar, Assert.Single(calendar.Events), attachment);
    }

    private static Instant UtcOf(Ical.Net.DataTypes.CalDateTime value) => Instant.FromDateTimeUtc(value.AsUtc);

    [Fact]
    public void An_invitation_is_a_request_for_one_event_in_the_workshops_zone()
    {
        var message = SampleTrainings.Message(TrainingEmailKind.Invitation, SampleTrainings.Berlin(revision: 4));

        var (calendar, e, attachment) = Render(message);

        Assert.Equal("REQUEST", calendar.Method);
        Assert.Equal("invite.ics", attachment.FileName);
        Assert.Equal("text/calendar; method=REQUEST; charset=UTF-8", attachment.ContentType);
        Assert.Equal("training-trn-berlin-0320@trainings.creator-account-health", e.Uid);
        Assert.Equal(4, e.Sequence);
        Assert.Equal(SampleTrainings.DecidedAt, UtcOf(e.DtStamp!));
        Assert.Equal("CONFIRMED", e.Status);
        Assert.Equal("Selling live, safely", e.Summary);
        Assert.Equal("Creator Space, Torstraße 1, Berlin", e.Location);

        Assert.Equal("Europe/Berlin", e.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 3, 20, 10, 0, 0), e.DtStart.Value);
        Assert.Equal(Instant.FromUtc(2027, 3, 20, 9, 0), UtcOf(e.DtStart));
        Assert.Equal(Instant.FromUtc(2027, 3, 20, 15, 0), UtcOf(e.DtEnd!));
        Assert.Equal("Europe/Berlin", Assert.Single(calendar.TimeZones).TzId);

        Assert.Equal(new Uri("mailto:trainings@creator-platform.example"), e.Organizer!.Value);
        Assert.Equal("Creator Account Health", e.Organizer.CommonName);
        var attendee = Assert.Single(e.Attendees);
        Assert.Equal(new Uri("mailto:maya@example.com"), attendee.Value);
        Assert.Equal("Maya Chen", attendee.CommonName);
        Assert.Equal("NEEDS-ACTION", attendee.ParticipationStatus);
        Assert.False(attendee.Rsvp, "replies to the calendar invitation are not read; creators answer in the app");
    }

    [Fact]
    public void The_description_carries_agenda_teams_mock_livestreams_and_the_registration_deadline()
    {
        var (_, e, _) = Render(SampleTrainings.Message());

        Assert.Equal(
            """
            When: Saturday, 20 March 2027, 10:00 to 16:00 CET (Europe/Berlin time)
            Where: Creator Space, Torstraße 1, Berlin

            Agenda:
            - 10:00 Welcome
            - 11:00 Mock livestreams
            - 14:00 Meet the teams

            Teams on site:
            - Policy: Dangerous acts, Product claims
            - Campaigns: Spring sale
            - Creator management

            Mock livestreams: 3 mock livestream sessions of 15 minutes each, booked one per creator, first come first served.

            Registration closes on Thursday, 18 March 2027 at 10:00 CET.
            """.ReplaceLineEndings("\n"),
            e.Description);
    }

    [Fact]
    public void Every_kind_describes_the_same_event_so_calendars_update_or_cancel_it()
    {
        var invitation = Render(SampleTrainings.Message(TrainingEmailKind.Invitation, SampleTrainings.Berlin(revision: 1)));
        var seat = Render(SampleTrainings.Message(TrainingEmailKind.SeatConfirmed, SampleTrainings.Berlin(revision: 1), decidedAt: SampleTrainings.DecidedAt + Duration.FromDays(3)));
        var updated = Render(SampleTrainings.Message(TrainingEmailKind.Updated, SampleTrainings.Berlin(revision: 2)));
        var cancelled = Render(SampleTrainings.Message(TrainingEmailKind.Cancelled, SampleTrainings.Berlin(revision: 3)));

        Assert.All([seat, updated, cancelled], r => Assert.Equal(invitation.Event.Uid, r.Event.Uid));
        Assert.Equal([1, 1, 2, 3], new[] { invitation, seat, updated, cancelled }.Select(r => r.Event.Sequence));
        Assert.True(seat.Event.DtStamp! > invitation.Event.DtStamp!, "the same revision re-sent later carries a later DTSTAMP");

        Assert.Equal("REQUEST", seat.Calendar.Method);
        Assert.Equal("ACCEPTED", Assert.Single(seat.Event.Attendees).ParticipationStatus);
        Assert.Equal("REQUEST", updated.Calendar.Method);
        Assert.Equal("CONFIRMED", updated.Event.Status);

        Assert.Equal("CANCEL", cancelled.Calendar.Method);
        Assert.Equal("CANCELLED", cancelled.Event.Status);
        Assert.Equal("cancel.ics", cancelled.Attachment.FileName);
        Assert.Equal("text/calendar; method=CANCEL; charset=UTF-8", cancelled.Attachment.ContentType);
        Assert.StartsWith("This workshop is cancelled.", cancelled.Event.Description);
    }

    [Fact]
    public void A_workshop_across_the_spring_forward_in_Berlin_keeps_its_instants()
    {
        // Last Sunday of March 2027: at 02:00 CET clocks jump to 03:00 CEST. 01:30 CET to 04:30 CEST is two hours.
        var training = SampleTrainings.Berlin() with
        {
            StartsAt = Instant.FromUtc(2027, 3, 28, 0, 30),
            EndsAt = Instant.FromUtc(2027, 3, 28, 2, 30),
            RegistrationClosesAt = Instant.FromUtc(2027, 3, 26, 0, 30),
        };

        var (_, e, _) = Render(SampleTrainings.Message(training: training));

        Assert.Equal(new DateTime(2027, 3, 28, 1, 30, 0), e.DtStart!.Value);
        Assert.Equal(new DateTime(2027, 3, 28, 4, 30, 0), e.DtEnd!.Value);
        Assert.Equal("Europe/Berlin", e.DtEnd.TzId);
        Assert.Equal(training.StartsAt, UtcOf(e.DtStart));
        Assert.Equal(training.EndsAt, UtcOf(e.DtEnd));
        Assert.StartsWith("When: Sunday, 28 March 2027, 01:30 CET to 04:30 CEST", e.Description);
    }

    [Fact]
    public void A_workshop_in_Los_Angeles_on_the_November_fall_back_keeps_its_instants()
    {
        // 7 November 2027: at 02:00 PDT clocks go back to 01:00 PST. Starts 00:30 PDT, ends 10:00 PST.
        var training = SampleTrainings.Berlin() with
        {
            City = "Los Angeles",
            TimeZone = "America/Los_Angeles",
            StartsAt = Instant.FromUtc(2027, 11, 7, 7, 30),
            EndsAt = Instant.FromUtc(2027, 11, 7, 18, 0),
            RegistrationClosesAt = Instant.FromUtc(2027, 11, 5, 7, 30),
        };

        var (calendar, e, _) = Render(SampleTrainings.Message(training: training));

        Assert.Equal("America/Los_Angeles", Assert.Single(calendar.TimeZones).TzId);
        Assert.Equal(new DateTime(2027, 11, 7, 0, 30, 0), e.DtStart!.Value);
        Assert.Equal(new DateTime(2027, 11, 7, 10, 0, 0), e.DtEnd!.Value);
        Assert.Equal(training.StartsAt, UtcOf(e.DtStart));
        Assert.Equal(training.EndsAt, UtcOf(e.DtEnd));
        Assert.StartsWith("When: Sunday, 7 November 2027, 00:30 PDT to 10:00 PST", e.Description);
    }

    [Fact]
    public void A_start_in_the_repeated_hour_after_the_fall_back_is_written_in_UTC()
    {
        // 01:30 happens twice in Los Angeles on 7 November 2027; a TZID time would mean the first (PDT), so the
        // second (PST, 09:30 UTC) can only be written in UTC.
        var training = SampleTrainings.Berlin() with
        {
            TimeZone = "America/Los_Angeles",
            StartsAt = Instant.FromUtc(2027, 11, 7, 9, 30),
            EndsAt = Instant.FromUtc(2027, 11, 7, 12, 0),
            RegistrationClosesAt = Instant.FromUtc(2027, 11, 5, 9, 30),
        };

        var (_, e, _) = Render(SampleTrainings.Message(training: training));

        Assert.True(e.DtStart!.IsUtc);
        Assert.Equal(training.StartsAt, UtcOf(e.DtStart));
        Assert.Equal("America/Los_Angeles", e.DtEnd!.TzId);
        Assert.Equal(training.EndsAt, UtcOf(e.DtEnd));
    }

    [Fact]
    public void A_workshop_in_UTC_needs_no_VTIMEZONE()
    {
        var training = SampleTrainings.Berlin() with { TimeZone = "Etc/UTC" };

        var (calendar, e, _) = Render(SampleTrainings.Message(training: training));

        Assert.Empty(calendar.TimeZones);
        Assert.True(e.DtStart!.IsUtc);
        Assert.Equal(training.StartsAt, UtcOf(e.DtStart));
    }

    [Fact]
    public void Hostile_text_cannot_add_lines_or_events_to_the_calendar()
    {
        var training = SampleTrainings.Berlin(title: "Live\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil") with
        {
            Agenda = "Intro\r\nEND:VCALENDAR",
            Venue = "Hall; A, \"B\"",
        };
        var profile = SampleTrainings.Profile(displayName: "Maya\r\nATTENDEE:mailto:evil@example.com \"X\"");

        var attachment = renderer.Render(SampleTrainings.Message(training: training), profile, Organizer).Calendar;
        var text = Encoding.UTF8.GetString(attachment.Content.Span);
        var calendar = Calendar.Load(text)!;

        var e = Assert.Single(calendar.Events);
        Assert.Equal("training-trn-berlin-0320@trainings.creator-account-health", e.Uid);
        Assert.Equal("Live END:VEVENT BEGIN:VEVENT UID:evil", e.Summary);
        Assert.Equal("Hall; A, \"B\", Berlin", e.Location);
        Assert.Contains("- END:VCALENDAR", e.Description);
        var attendee = Assert.Single(e.Attendees);
        Assert.Equal(new Uri("mailto:maya@example.com"), attendee.Value);
        Assert.DoesNotContain("\r\nATTENDEE:mailto:evil", text);
        Assert.Single(text.Split("\r\n"), l => l.StartsWith("UID", StringComparison.Ordinal));
    }

    [Fact]
    public void The_file_is_CRLF_delimited_UTF8_as_RFC_5545_asks()
    {
        var (_, _, attachment) = Render(SampleTrainings.Message());
        var text = Encoding.UTF8.GetString(attachment.Content.Span);

        Assert.StartsWith("BEGIN:VCALENDAR\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", "", StringComparison.Ordinal));
        Assert.All(text.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, $"unfolded line: {line}"));
        Assert.Contains("Torstraße", text);
    }
}
