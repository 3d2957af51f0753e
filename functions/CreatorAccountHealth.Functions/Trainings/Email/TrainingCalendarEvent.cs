using System.Text;
using CreatorAccountHealth.Functions.Email;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>A person on the calendar event: the organizer (our sender) or the attendee (the creator).</summary>
public sealed record CalendarPerson(string Email, string Name);

/// <summary>
/// The workshop as an iCalendar (RFC 5545) object with one VEVENT, attached to every training email. Every email about
/// one workshop carries the same UID, so the creator's calendar keeps one event: an invitation or seat confirmation
/// adds it, an update replaces it (higher SEQUENCE, the workshop's revision; or a later DTSTAMP, when the email was
/// decided), a cancellation (METHOD:CANCEL, STATUS:CANCELLED) removes it. Start and end are written in the workshop's
/// zone with its VTIMEZONE, so calendars show the right local time on either side of a daylight saving change.
/// </summary>
public static class TrainingCalendarEvent
{
    public const string ProductId = "-//Creator Account Health//Trainings//EN";

    /// <summary>Fixed, not the sender's domain: the UID must survive a change of the from-address.</summary>
    public const string UidDomain = "trainings.creator-account-health";

    public const string RequestFileName = "invite.ics";
    public const string CancelFileName = "cancel.ics";

    public static string UidOf(string trainingId) => $"training-{trainingId}@{UidDomain}";

    public static string FileNameOf(TrainingEmailKind kind) => kind == TrainingEmailKind.Cancelled ? CancelFileName : RequestFileName;

    public static string MethodOf(TrainingEmailKind kind) => kind == TrainingEmailKind.Cancelled ? CalendarMethods.Cancel : CalendarMethods.Request;

    public static EmailAttachment Attachment(TrainingEmailMessage message, TrainingEmailModel model, CalendarPerson organizer, CalendarPerson attendee)
    {
        var method = MethodOf(message.Kind);
        return new EmailAttachment(
            FileNameOf(message.Kind),
            $"text/calendar; method={method}; charset=UTF-8",
            Encoding.UTF8.GetBytes(Write(message, model, organizer, attendee)));
    }

    /// <summary>
    /// The workshop's event as the creator's page offers it for download: the same UID and SEQUENCE as the emails', as
    /// a cancellation once the workshop is cancelled, with the seat accepted once the creator has one.
    /// </summary>
    public static EmailAttachment ForCreator(
        Domain.Trainings.Workshop workshop, CreatorTrainingView view, Domain.Creators.CreatorProfile profile, CalendarPerson organizer, NodaTime.Duration closesBefore, Instant now)
    {
        var kind = workshop.IsCancelled ? TrainingEmailKind.Cancelled
            : view.Status == "registered" ? TrainingEmailKind.SeatConfirmed
            : TrainingEmailKind.Invitation;
        var message = new TrainingEmailMessage(
            TrainingEmailMessage.IdFor(profile.CreatorId, workshop.Id, kind, workshop.Revision), kind, profile.CreatorId, TrainingEmailOutbox.SnapshotOf(workshop, closesBefore), now);
        var model = TrainingEmailModel.From(message, profile, FileNameOf(kind));
        return Attachment(message, model, organizer, new CalendarPerson(profile.Email, profile.DisplayName));
    }

    /// <summary>The .ics text (CRLF line endings, folded at 75 octets, as the serializer writes it).</summary>
    public static string Write(TrainingEmailMessage message, TrainingEmailModel model, CalendarPerson organizer, CalendarPerson attendee)
    {
        var training = message.Training;
        var zone = DateTimeZoneProviders.Tzdb[training.TimeZone];
        var calendar = new Calendar { ProductId = ProductId, Method = MethodOf(message.Kind) };

        var start = DateTimeOf(training.StartsAt, zone);
        var end = DateTimeOf(training.EndsAt, zone);
        if (start.TzId == zone.Id || end.TzId == zone.Id)
        {
            // Rules from a year before the start: enough for the event, without the zone's whole history.
            var earliest = training.StartsAt.InZone(zone).LocalDateTime.PlusYears(-1).ToDateTimeUnspecified();
            calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zone.Id, earliest, includeHistoricalData: false));
        }

        var calendarEvent = new CalendarEvent
        {
            Uid = UidOf(training.TrainingId),
            Sequence = training.Revision,
            DtStamp = Utc(message.DecidedAt),
            DtStart = start,
            DtEnd = end,
            Summary = model.Title,
            Location = model.Location,
            Description = Description(model),
            Status = message.Kind == TrainingEmailKind.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer(MailTo(organizer.Email)) { CommonName = ParameterText(organizer.Name) },
        };

        // Replies to the calendar invitation are not read: a creator accepts or declines in the app (RSVP=FALSE).
        var attendeeLine = new Attendee(MailTo(attendee.Email)) { CommonName = ParameterText(attendee.Name), Role = ParticipationRole.RequiredParticipant, Rsvp = false };
        switch (message.Kind)
        {
            case TrainingEmailKind.Invitation:
                attendeeLine.ParticipationStatus = EventParticipationStatus.NeedsAction;
                break;
            case TrainingEmailKind.SeatConfirmed:
                attendeeLine.ParticipationStatus = EventParticipationStatus.Accepted;
                break;
        }

        calendarEvent.Attendees.Add(attendeeLine);
        calendar.Events.Add(calendarEvent);
        return new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("The calendar did not serialize.");
    }

    /// <summary>What the event's notes say: the email's details in plain text.</summary>
    public static string Description(TrainingEmailModel model)
    {
        var text = new StringBuilder();
        if (model.IsCancelled)
        {
            text.Append("This workshop is cancelled.\n\n");
        }

        text.Append("When: ").Append(model.WhenText).Append(" (").Append(model.ZoneName).Append(" time)\n");
        if (model.Location.Length > 0)
        {
            text.Append("Where: ").Append(model.Location).Append('\n');
        }

        if (model.AgendaLines.Count > 0)
        {
            text.Append("\nAgenda:\n");
            foreach (var line in model.AgendaLines)
            {
                text.Append("- ").Append(line).Append('\n');
            }
        }

        if (model.Teams.Count > 0)
        {
            text.Append("\nTeams on site:\n");
            foreach (var team in model.Teams)
            {
                text.Append("- ").Append(team.Team);
                if (team.TopicsText.Length > 0)
                {
                    text.Append(": ").Append(team.TopicsText);
                }

                text.Append('\n');
            }
        }

        if (model.MockSessionsText is not null)
        {
            text.Append("\nMock livestreams: ").Append(model.MockSessionsText).Append(", booked one per creator, first come first served.\n");
        }

        if (!model.IsCancelled)
        {
            text.Append("\nRegistration ").Append(model.RegistrationOpen ? "closes on " : "closed on ").Append(model.RegistrationClosesText).Append(".\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>
    /// Local time with the zone's TZID, unless that local time is the second of two (the hour repeated when clocks go
    /// back): RFC 5545 reads a repeated local time as the first, so that instant is written in UTC instead. A zone that
    /// is always UTC is written in UTC too.
    /// </summary>
    private static CalDateTime DateTimeOf(Instant instant, DateTimeZone zone)
    {
        if (zone.MinOffset == Offset.Zero && zone.MaxOffset == Offset.Zero)
        {
            return Utc(instant);
        }

        var local = instant.InZone(zone).LocalDateTime;
        return zone.MapLocal(local).First().ToInstant() == instant
            ? new CalDateTime(local.ToDateTimeUnspecified(), zone.Id, hasTime: true)
            : Utc(instant);
    }

    private static CalDateTime Utc(Instant instant) => new(instant.ToDateTimeUtc(), CalDateTime.UtcTzId, hasTime: true);

    private static string MailTo(string email) => "mailto:" + email.Trim();

    /// <summary>A parameter value (CN) can hold neither line breaks nor double quotes.</summary>
    private static string ParameterText(string name) => TrainingEmailModel.OneLine(name).Replace("\"", "'", StringComparison.Ordinal);
}
