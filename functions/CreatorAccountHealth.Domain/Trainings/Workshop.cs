using CreatorAccountHealth.Domain.Time;
using NodaTime;

namespace CreatorAccountHealth.Domain.Trainings;

/// <summary>A team that will be on site, and the topics its representatives cover.</summary>
public sealed record WorkshopTeam(string Team, IReadOnlyList<string> Topics);

/// <summary>How many mock livestream slots the workshop offers and how long each is.</summary>
public sealed record MockLivestreamSlots(int Count, int Minutes);

/// <summary>What the back office says about a workshop (the create and edit body).</summary>
/// <param name="TimeZone">IANA zone the workshop takes place in: local times (slots, check-in day) are in it.</param>
public sealed record WorkshopDetails(
    string Title,
    string City,
    string Venue,
    Instant StartsAt,
    Instant EndsAt,
    string TimeZone,
    int Capacity,
    string? Agenda,
    IReadOnlyList<WorkshopTeam> Teams,
    MockLivestreamSlots MockLivestreamSlots)
{
    public const int MaxCapacity = 10_000;
    public const int MaxSlots = 200;
    public const int MaxTextLength = 200;
    public const int MaxAgendaLength = 10_000;

    /// <summary>An in-person workshop happens within one stretch of at most this long.</summary>
    public static readonly Duration MaxLength = Duration.FromHours(24);

    public DateTimeZone Zone => CreatorCalendar.ResolveZone(TimeZone);

    /// <summary>Every problem with the details, keyed by the JSON field at fault; empty when they can be used.</summary>
    public IReadOnlyDictionary<string, string[]> Problems()
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        Text("title", Title);
        Text("city", City);
        Text("venue", Venue);
        if (EndsAt <= StartsAt)
        {
            Add("endsAt", "Must be after startsAt.");
        }
        else if (EndsAt - StartsAt > MaxLength)
        {
            Add("endsAt", $"A workshop lasts at most {MaxLength.TotalHours:0} hours.");
        }

        if (!CreatorCalendar.IsKnownZone(TimeZone))
        {
            Add("timeZone", $"'{TimeZone}' is not an IANA time zone (for example 'Europe/London').");
        }

        if (Capacity is < 1 or > MaxCapacity)
        {
            Add("capacity", $"Must be from 1 to {MaxCapacity}.");
        }

        if (Agenda is { Length: > MaxAgendaLength })
        {
            Add("agenda", $"At most {MaxAgendaLength} characters.");
        }

        for (var i = 0; i < Teams.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Teams[i].Team) || Teams[i].Team.Length > MaxTextLength)
            {
                Add($"teams[{i}].team", $"Required, at most {MaxTextLength} characters.");
            }

            if (Teams[i].Topics.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTextLength))
            {
                Add($"teams[{i}].topics", $"Each topic must be non-empty, at most {MaxTextLength} characters.");
            }
        }

        foreach (var duplicate in Teams.GroupBy(t => t.Team, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            Add("teams", $"Team '{duplicate.Key}' is listed more than once.");
        }

        var slots = MockLivestreamSlots;
        if (slots.Count is < 0 or > MaxSlots)
        {
            Add("mockLivestreamSlots.count", $"Must be from 0 to {MaxSlots}.");
        }

        if (slots.Minutes is < 5 or > 240)
        {
            Add("mockLivestreamSlots.minutes", "Must be from 5 to 240.");
        }

        if (EndsAt > StartsAt && slots.Count > 0 && Duration.FromMinutes((long)slots.Count * slots.Minutes) > EndsAt - StartsAt)
        {
            Add("mockLivestreamSlots", $"{slots.Count} slots of {slots.Minutes} minutes, back to back from the start, do not fit between startsAt and endsAt.");
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

        void Text(string field, string value)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxTextLength)
            {
                Add(field, $"Required, at most {MaxTextLength} characters.");
            }
        }
    }

    /// <summary>The team as the workshop spells it, or null when it isn't on site (case-insensitive).</summary>
    public string? FindTeam(string team) => Teams.FirstOrDefault(t => string.Equals(t.Team, team, StringComparison.OrdinalIgnoreCase))?.Team;

    /// <summary>What an invitee's calendar shows changed: anything but the capacity.</summary>
    public bool DiffersForInvitees(WorkshopDetails other) =>
        Title != other.Title || City != other.City || Venue != other.Venue || StartsAt != other.StartsAt || EndsAt != other.EndsAt
        || TimeZone != other.TimeZone || Agenda != other.Agenda || MockLivestreamSlots != other.MockLivestreamSlots
        || !Teams.Select(t => (t.Team, string.Join("\n", t.Topics))).SequenceEqual(other.Teams.Select(t => (t.Team, string.Join("\n", t.Topics))));
}

/// <summary>One of the workshop's mock livestream slots: <c>slot-1</c>..<c>slot-N</c>.</summary>
public sealed record MockLivestreamSlot(string SlotId, int Number, Instant StartsAt, Instant EndsAt, LocalDateTime LocalStart);

public sealed record WorkshopInvitation(string CreatorId, Instant InvitedAt);

/// <summary>A registered or waitlisted creator, with the teams they want to talk to.</summary>
public sealed record WorkshopSeat(string CreatorId, Instant At, IReadOnlyList<string> Teams);

public sealed record SlotBooking(string SlotId, string CreatorId, Instant BookedAt);

public sealed record WorkshopCheckIn(string CreatorId, Instant At);

public sealed record WorkshopDecline(string CreatorId, Instant At);

/// <summary>Why a creator gets an email about a workshop (the Functions side maps it to the queue's message kind).</summary>
public enum WorkshopEmailKind
{
    Invitation,
    SeatConfirmed,
    Updated,
    Cancelled,
}

/// <summary>
/// An email decided but not yet known to be on the queue: the workshop's outbox, written in the same replace as the
/// decision that caused it, so a decision and its email can't part. <paramref name="Revision"/> is the workshop revision
/// the email was decided at (part of its id).
/// </summary>
public sealed record PendingEmail(string CreatorId, WorkshopEmailKind Kind, int Revision, Instant DecidedAt);

/// <summary>
/// A workshop and everything that must not overbook: one document, changed only through <see cref="TrainingDecisions"/>
/// and replaced with its ETag. Lists are in arrival order: <see cref="Registered"/> and <see cref="Waitlist"/> order is
/// who came first.
/// </summary>
/// <param name="Revision">1 at creation; increases whenever what invitees see changes (and on cancel): the iCalendar SEQUENCE.</param>
public sealed record Workshop(
    string Id,
    WorkshopDetails Details,
    int Revision,
    Instant CreatedAt,
    Instant UpdatedAt,
    Instant? CancelledAt,
    IReadOnlyList<WorkshopInvitation> Invitations,
    IReadOnlyList<WorkshopSeat> Registered,
    IReadOnlyList<WorkshopSeat> Waitlist,
    IReadOnlyList<WorkshopDecline> Declined,
    IReadOnlyList<SlotBooking> SlotBookings,
    IReadOnlyList<WorkshopCheckIn> CheckIns,
    IReadOnlyList<PendingEmail> Outbox)
{
    /// <summary>Bounds the workshop document (Cosmos DB items are at most 2 MB): ~100 bytes an invitee, twice over with the outbox.</summary>
    public const int MaxInvitations = 5_000;

    public static Workshop Create(string id, WorkshopDetails details, Instant now) =>
        new(id, details, 1, now, now, null, [], [], [], [], [], [], []);

    public bool IsCancelled => CancelledAt is not null;

    public bool IsInvited(string creatorId) => Invitations.Any(i => i.CreatorId == creatorId);

    public WorkshopSeat? RegistrationOf(string creatorId) => Registered.FirstOrDefault(s => s.CreatorId == creatorId);

    /// <summary>1-based place on the waitlist, or null when not on it.</summary>
    public int? WaitlistPosition(string creatorId)
    {
        var index = Waitlist.ToList().FindIndex(s => s.CreatorId == creatorId);
        return index < 0 ? null : index + 1;
    }

    public SlotBooking? SlotOf(string creatorId) => SlotBookings.FirstOrDefault(b => b.CreatorId == creatorId);

    public WorkshopCheckIn? CheckInOf(string creatorId) => CheckIns.FirstOrDefault(c => c.CreatorId == creatorId);

    public int SeatsLeft => Math.Max(0, Details.Capacity - Registered.Count);

    public IReadOnlyList<MockLivestreamSlot> Slots => TrainingCalendar.Slots(Details);
}
