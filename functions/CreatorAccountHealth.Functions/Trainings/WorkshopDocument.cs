using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Trainings;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// A workshop in the <c>trainings</c> container (<c>id</c> = <c>trainingId</c> = partition key): the details and every list
/// that must not overbook, in arrival order, plus the outbox of emails decided but not yet on the queue. Replaced whole,
/// with <c>If-Match</c>, after every decision.
/// </summary>
public sealed record WorkshopDocument
{
    public const string DocType = "workshop";

    public required string Id { get; init; }

    public required string TrainingId { get; init; }

    [JsonPropertyName("docType")]
    public string Type { get; init; } = DocType;

    public required WorkshopDetails Details { get; init; }

    public required int Revision { get; init; }

    public required Instant CreatedAt { get; init; }

    public required Instant UpdatedAt { get; init; }

    public Instant? CancelledAt { get; init; }

    public required IReadOnlyList<WorkshopInvitation> Invitations { get; init; }

    public required IReadOnlyList<WorkshopSeat> Registered { get; init; }

    public required IReadOnlyList<WorkshopSeat> Waitlist { get; init; }

    public required IReadOnlyList<WorkshopDecline> Declined { get; init; }

    public required IReadOnlyList<SlotBooking> SlotBookings { get; init; }

    public required IReadOnlyList<WorkshopCheckIn> CheckIns { get; init; }

    public required IReadOnlyList<PendingEmailDocument> Outbox { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public static WorkshopDocument From(Workshop w) => new()
    {
        Id = w.Id,
        TrainingId = w.Id,
        Details = w.Details,
        Revision = w.Revision,
        CreatedAt = w.CreatedAt,
        UpdatedAt = w.UpdatedAt,
        CancelledAt = w.CancelledAt,
        Invitations = w.Invitations,
        Registered = w.Registered,
        Waitlist = w.Waitlist,
        Declined = w.Declined,
        SlotBookings = w.SlotBookings,
        CheckIns = w.CheckIns,
        Outbox = w.Outbox.Select(p => new PendingEmailDocument(p.CreatorId, p.Kind.ToString(), p.Revision, p.DecidedAt)).ToList(),
    };

    public Workshop ToDomain() => new(
        TrainingId,
        Details,
        Revision,
        CreatedAt,
        UpdatedAt,
        CancelledAt,
        Invitations,
        Registered,
        Waitlist,
        Declined,
        SlotBookings,
        CheckIns,
        Outbox.Select(p => new PendingEmail(p.CreatorId, Enum.Parse<WorkshopEmailKind>(p.Kind), p.Revision, p.DecidedAt)).ToList());
}

/// <param name="Kind">The <see cref="WorkshopEmailKind"/> name, stored as text.</param>
public sealed record PendingEmailDocument(string CreatorId, string Kind, int Revision, Instant DecidedAt);

/// <summary>
/// An invitation in the creator's partition (<c>creators</c> container), so the creator's workshops are one
/// single-partition query. The workshop document is the authority on who is invited; this is its per-creator index,
/// upserted after every invitation call (a call that fails half-way is repaired by repeating it).
/// </summary>
public sealed record TrainingInvitationDocument
{
    public required string Id { get; init; }

    public required string CreatorId { get; init; }

    public string DocType { get; init; } = Storage.DocTypes.TrainingInvitation;

    public required string TrainingId { get; init; }

    public required Instant InvitedAt { get; init; }

    public static string IdFor(string trainingId) => Storage.DocTypes.TrainingInvitation + ":" + trainingId;
}

/// <summary>
/// The pending-mail index: one marker per workshop whose outbox may hold emails, all in ONE fixed partition of
/// <c>trainings</c> (<c>trainingId</c> = <see cref="Partition"/>, <c>id</c> = the workshop's id), so the
/// <c>RepublishTrainingEmails</c> timer finds them with one single-partition query. Workshops are read by id in their own
/// partition and their ids are <c>trn-{guid}</c>, so nothing mistakes one for the other.
/// </summary>
public sealed record PendingEmailsMarkerDocument
{
    public const string DocType = "pendingEmails";

    public const string Partition = "pending-emails";

    /// <summary>The workshop's id.</summary>
    public required string Id { get; init; }

    /// <summary>The partition key: always <see cref="Partition"/>.</summary>
    public string TrainingId { get; init; } = Partition;

    [JsonPropertyName("docType")]
    public string Type { get; init; } = DocType;

    /// <summary>When a decision last announced emails (upsert): the timer leaves younger markers to that request.</summary>
    public required Instant MarkedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }
}

/// <summary>
/// One workshop in the back office's list: the <c>workshop-index</c> partition of <c>trainings</c> (one
/// single-partition query lists every workshop). Written before the workshop itself, so a workshop is never missing from
/// the list; an entry whose workshop was never created (a failed create) is skipped when listing.
/// </summary>
public sealed record WorkshopIndexDocument
{
    public const string DocType = "workshopIndex";

    public const string Partition = "workshop-index";

    /// <summary>The workshop's id.</summary>
    public required string Id { get; init; }

    /// <summary>The partition key: always <see cref="Partition"/>.</summary>
    public string TrainingId { get; init; } = Partition;

    [JsonPropertyName("docType")]
    public string Type { get; init; } = DocType;

    public required Instant CreatedAt { get; init; }
}
