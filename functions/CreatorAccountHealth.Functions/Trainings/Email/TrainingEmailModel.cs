using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Links;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>
/// What the training templates see (as snake_case in Liquid), and what the calendar event's description is made of.
/// Every value is worded for the creator already, times in the workshop's own zone (it happens in one place), so the
/// templates only lay it out.
/// </summary>
public sealed record TrainingEmailModel(
    string EmailId,
    string Kind,
    bool IsInvitation,
    bool IsSeatConfirmed,
    bool IsUpdated,
    bool IsCancelled,
    string Subject,
    string Preheader,
    string DisplayName,
    string Title,
    string Venue,
    string City,
    string Location,
    string WhenText,
    string ZoneName,
    IReadOnlyList<string> AgendaLines,
    IReadOnlyList<TrainingTeamLine> Teams,
    string? MockSessionsText,
    string RegistrationClosesText,
    bool RegistrationOpen,
    string AttachmentFileName,
    string? WorkshopUrl = null,
    string? PreferencesUrl = null)
{
    /// <param name="links">The email's links (the workshop on the Account Standing page, the email preferences).</param>
    public static TrainingEmailModel From(TrainingEmailMessage message, CreatorProfile profile, string attachmentFileName, EmailLinks? links = null)
    {
        var t = message.Training;
        var zone = DateTimeZoneProviders.Tzdb[t.TimeZone];
        var start = t.StartsAt.InZone(zone);
        var culture = CreatorCulture.For(profile.Locale);
        var title = OneLine(t.Title);
        var city = OneLine(t.City);
        var on = culture.DayMonthYear(start.Date);
        var where = string.IsNullOrWhiteSpace(city) ? "" : $" in {city}";
        var (subject, preheader) = message.Kind switch
        {
            TrainingEmailKind.Invitation => ($"You're invited: {title}{where}, {on}", "An in-person workshop for creators. Accept to take a seat; the calendar event is attached."),
            TrainingEmailKind.SeatConfirmed => ($"You have a seat: {title}, {on}", "A seat freed up and it's yours. The calendar event is attached."),
            TrainingEmailKind.Updated => ($"Updated: {title}, {on}", "The workshop has changed. Here are the new details; your calendar event is updated."),
            TrainingEmailKind.Cancelled => ($"Cancelled: {title}, {on}", "This workshop won't take place. The attached file removes it from your calendar."),
            _ => throw new ArgumentOutOfRangeException(nameof(message), message.Kind, "Unknown training email kind."),
        };

        return new TrainingEmailModel(
            message.EmailId,
            KindName(message.Kind),
            message.Kind == TrainingEmailKind.Invitation,
            message.Kind == TrainingEmailKind.SeatConfirmed,
            message.Kind == TrainingEmailKind.Updated,
            message.Kind == TrainingEmailKind.Cancelled,
            subject,
            preheader,
            profile.DisplayName,
            title,
            OneLine(t.Venue),
            city,
            LocationOf(t),
            When(start, t.EndsAt.InZone(zone), culture),
            zone.Id,
            Lines(t.Agenda),
            t.Teams.Select(team => new TrainingTeamLine(OneLine(team.Team), string.Join(", ", team.Topics.Select(OneLine).Where(s => s.Length > 0)))).ToList(),
            t.MockLivestreamSlotCount > 0
                ? $"{EmailFormat.Count(t.MockLivestreamSlotCount, "mock livestream session", "mock livestream sessions")} of {EmailFormat.Count(t.MockLivestreamSlotMinutes, "minute", "minutes")}{(t.MockLivestreamSlotCount == 1 ? "" : " each")}"
                : null,
            At(t.RegistrationClosesAt.InZone(zone), culture),
            message.DecidedAt < t.RegistrationClosesAt,
            attachmentFileName,
            links?.Workshop(t.TrainingId),
            links?.Preferences);
    }

    /// <summary>"venue, city", whichever of the two there is.</summary>
    public static string LocationOf(TrainingSnapshot training) =>
        string.Join(", ", new[] { OneLine(training.Venue), OneLine(training.City) }.Where(s => s.Length > 0));

    /// <summary>
    /// "Saturday, 20 March 2027, 10:00 to 16:00 CET". The zone's abbreviation goes with each time when the two differ
    /// (a workshop across a daylight saving change), and the end's date when it ends on another day.
    /// </summary>
    public static string When(ZonedDateTime start, ZonedDateTime end, CreatorCulture culture)
    {
        var startName = AbbreviationOf(start);
        var endName = AbbreviationOf(end);
        if (start.Date != end.Date)
        {
            return $"{At(start, culture)} to {At(end, culture)}";
        }

        return startName == endName
            ? $"{culture.Date(start.Date)}, {culture.Time(start.TimeOfDay)} to {culture.Time(end.TimeOfDay)} {endName}"
            : $"{culture.Date(start.Date)}, {culture.Time(start.TimeOfDay)} {startName} to {culture.Time(end.TimeOfDay)} {endName}";
    }

    /// <summary>"Thursday, 18 March 2027 at 10:00 CET".</summary>
    public static string At(ZonedDateTime at, CreatorCulture culture) => $"{culture.Date(at.Date)} at {culture.Time(at.TimeOfDay)} {AbbreviationOf(at)}";

    public static string KindName(TrainingEmailKind kind) => kind switch
    {
        TrainingEmailKind.Invitation => "invitation",
        TrainingEmailKind.SeatConfirmed => "seat-confirmed",
        TrainingEmailKind.Updated => "updated",
        TrainingEmailKind.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Text that must stay on one line (a title in a subject, a name in a header): control characters become spaces.</summary>
    public static string OneLine(string? text) =>
        string.Join(' ', string.Concat((text ?? "").Select(c => char.IsControl(c) ? ' ' : c)).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The agenda as written, one entry per line, blank lines dropped.</summary>
    public static IReadOnlyList<string> Lines(string? text) =>
        (text ?? "").ReplaceLineEndings("\n").Split('\n').Select(OneLine).Where(l => l.Length > 0).ToList();

    /// <summary>The zone's own abbreviation at that moment ("CET", "PDT"); NodaTime names some zones by offset ("+03").</summary>
    private static string AbbreviationOf(ZonedDateTime at) => at.GetZoneInterval().Name;
}

/// <param name="TopicsText">The topics the team's representatives cover, comma-separated; empty when none were given.</param>
public sealed record TrainingTeamLine(string Team, string TopicsText);
