using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Webhooks;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// A document in the <c>creators</c> container. Every document of a creator shares the partition key
/// <c>creatorId</c>; <c>docType</c> says which kind it is. Each one records the platform event that created it,
/// so a repeated event finds its own receipt.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "docType")]
[JsonDerivedType(typeof(ViolationDocument), DocTypes.Violation)]
[JsonDerivedType(typeof(OverturnDocument), DocTypes.Overturn)]
[JsonDerivedType(typeof(NoticeDocument), DocTypes.Notice)]
[JsonDerivedType(typeof(ProfileDocument), DocTypes.Profile)]
[JsonDerivedType(typeof(TrainingAttendanceDocument), DocTypes.TrainingAttendance)]
public abstract record CreatorDocument
{
    public required string Id { get; init; }

    public required string CreatorId { get; init; }

    public required string EventId { get; init; }

    public required Instant OccurredAt { get; init; }

    public required Instant ReceivedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    /// <summary>Seconds the document lives (<c>Events__RetentionDays</c>); null on documents from before events expired.</summary>
    [JsonPropertyName("ttl")]
    public int? Ttl { get; init; }

    [JsonIgnore]
    public abstract string EventType { get; }

    /// <summary>What the creator's account keeps of this event.</summary>
    public abstract AccountEvent ToAccountEvent();

    [JsonIgnore]
    public abstract string SubjectId { get; }

    public EventReceipt Receipt() => new(EventId, EventType, CreatorId, SubjectId, "recorded", ReceivedAt);

    /// <summary>The document an event is recorded as; its id is the event's natural key.</summary>
    public static CreatorDocument For(PlatformEvent platformEvent, Instant receivedAt) => platformEvent switch
    {
        ViolationIssuedEvent e => new ViolationDocument
        {
            Id = DocTypes.Violation + ":" + e.Violation.Id,
            CreatorId = e.CreatorId,
            EventId = e.EventId,
            OccurredAt = e.OccurredAt,
            ReceivedAt = receivedAt,
            ViolationId = e.Violation.Id,
            PolicyCode = e.Violation.PolicyCode,
            Surface = e.Violation.Surface.ToWireName(),
            ContentId = e.Violation.ContentId,
            IssuedAt = e.Violation.IssuedAt,
            Points = e.Violation.Points,
            Message = e.Violation.Message,
        },
        ViolationOverturnedEvent e => new OverturnDocument
        {
            Id = DocTypes.Overturn + ":" + e.Overturn.ViolationId,
            CreatorId = e.CreatorId,
            EventId = e.EventId,
            OccurredAt = e.OccurredAt,
            ReceivedAt = receivedAt,
            ViolationId = e.Overturn.ViolationId,
        },
        NoticeSentEvent e => new NoticeDocument
        {
            Id = DocTypes.Notice + ":" + e.Notice.Id,
            CreatorId = e.CreatorId,
            EventId = e.EventId,
            OccurredAt = e.OccurredAt,
            ReceivedAt = receivedAt,
            NoticeId = e.Notice.Id,
            Surface = e.Notice.Surface.ToWireName(),
            ContentId = e.Notice.ContentId,
            SentAt = e.Notice.SentAt,
            Title = e.Notice.Title,
            Body = e.Notice.Body,
        },
        CreatorUpsertedEvent e => new ProfileDocument
        {
            Id = DocTypes.Profile + ":" + e.EventId,
            CreatorId = e.CreatorId,
            EventId = e.EventId,
            OccurredAt = e.OccurredAt,
            ReceivedAt = receivedAt,
            Email = e.Profile.Email,
            DisplayName = e.Profile.DisplayName,
            Locale = e.Profile.Locale,
            TimeZone = e.Profile.TimeZoneId,
            EmailPreferences = e.Profile.EmailPreferences,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(platformEvent), platformEvent.GetType().Name, "No document for this event."),
    };
}

public static class DocTypes
{
    public const string Violation = "violation";
    public const string Overturn = "overturn";
    public const string Notice = "notice";
    public const string Profile = "profile";

    /// <summary>A workshop the creator checked in at (written at check-in, read with the history).</summary>
    public const string TrainingAttendance = "trainingAttendance";

    /// <summary>An invitation to a workshop (listed by GET /api/creators/{creatorId}/trainings; not part of the history).</summary>
    public const string TrainingInvitation = "trainingInvitation";
    /// <summary>Not an event: what the rules read of everything recorded for the creator (<see cref="AccountDocument"/>).</summary>
    public const string Account = "account";

    /// <summary>Not an event: the account's violations past its hot window (<see cref="ArchiveDocument"/>).</summary>
    public const string AccountArchive = "accountArchive";

    /// <summary>Not an event: the creator's quiz attempts and point removals (<c>Quizzes/QuizLedger.cs</c>).</summary>
    public const string QuizLedger = "quizLedger";
}

public sealed record ViolationDocument : CreatorDocument
{
    public required string ViolationId { get; init; }

    public required string PolicyCode { get; init; }

    public required string Surface { get; init; }

    public required string ContentId { get; init; }

    public required Instant IssuedAt { get; init; }

    public required int Points { get; init; }

    public string? Message { get; init; }

    public override string EventType => EventTypes.ViolationIssued;

    public override string SubjectId => ViolationId;

    public override AccountEvent ToAccountEvent() => new ViolationIssued(ToDomain());

    public Violation ToDomain() => new(
        ViolationId, CreatorId, PolicyCode, ParseSurface(Surface), ContentId, IssuedAt, Points, Message);

    internal static Surface ParseSurface(string value) =>
        Surfaces.TryParse(value, out var surface) ? surface : throw new InvalidOperationException($"Stored surface '{value}' is unknown.");
}

public sealed record OverturnDocument : CreatorDocument
{
    public required string ViolationId { get; init; }

    public override string EventType => EventTypes.ViolationOverturned;

    public override string SubjectId => ViolationId;

    public Overturn ToDomain() => new(ViolationId, CreatorId, OccurredAt);

    public override AccountEvent ToAccountEvent() => new ViolationOverturned(ToDomain());
}

public sealed record NoticeDocument : CreatorDocument
{
    public required string NoticeId { get; init; }

    public required string Surface { get; init; }

    public string? ContentId { get; init; }

    public required Instant SentAt { get; init; }

    public required string Title { get; init; }

    public required string Body { get; init; }

    public override string EventType => EventTypes.NoticeSent;

    public override string SubjectId => NoticeId;

    public override AccountEvent ToAccountEvent() => new NoticeSent(ToDomain());

    public Notice ToDomain() => new(NoticeId, CreatorId, ViolationDocument.ParseSurface(Surface), ContentId, SentAt, Title, Body);
}

/// <summary>One profile update; the creator's profile is the update with the latest <c>occurredAt</c>.</summary>
public sealed record ProfileDocument : CreatorDocument
{
    public required string Email { get; init; }

    public required string DisplayName { get; init; }

    public string? Locale { get; init; }

    public string? TimeZone { get; init; }

    public EmailPreferences? EmailPreferences { get; init; }

    public override string EventType => EventTypes.CreatorUpserted;

    public override string SubjectId => EventId;

    public CreatorProfile ToDomain() => new(CreatorId, Email, DisplayName, Locale, TimeZone, OccurredAt, EmailPreferences);

    public override AccountEvent ToAccountEvent() => new ProfileUpdated(ToDomain(), EventId);
}

/// <summary>
/// The creator checked in at a workshop: their attendance, part of their history. Keyed by the workshop, so a repeated
/// check-in is one document; the "event" is the check-in itself.
/// </summary>
public sealed record TrainingAttendanceDocument : CreatorDocument
{
    public required string TrainingId { get; init; }

    public required string Title { get; init; }

    public required string City { get; init; }

    public required Instant StartsAt { get; init; }

    public required Instant EndsAt { get; init; }

    public required string TimeZone { get; init; }

    public required Instant CheckedInAt { get; init; }

    public override string EventType => "training.checkedIn";

    public override string SubjectId => TrainingId;

    public static string IdFor(string trainingId) => DocTypes.TrainingAttendance + ":" + trainingId;

    public static TrainingAttendanceDocument For(string creatorId, WorkshopDetails details, string trainingId, Instant checkedInAt, Instant receivedAt) => new()
    {
        Id = IdFor(trainingId),
        CreatorId = creatorId,
        EventId = "check-in:" + trainingId,
        OccurredAt = checkedInAt,
        ReceivedAt = receivedAt,
        TrainingId = trainingId,
        Title = details.Title,
        City = details.City,
        StartsAt = details.StartsAt,
        EndsAt = details.EndsAt,
        TimeZone = details.TimeZone,
        CheckedInAt = checkedInAt,
    };

    public override AccountEvent ToAccountEvent() => new WorkshopAttended(ToDomain());

    public TrainingAttendance ToDomain() => new(TrainingId, Title, City, StartsAt, EndsAt, TimeZone, CheckedInAt);
}
