using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Functions.Webhooks;

/// <summary>The event types the platform webhook carries (the <c>type</c> field).</summary>
public static class EventTypes
{
    public const string ViolationIssued = "violation.issued";
    public const string ViolationOverturned = "violation.overturned";
    public const string CreatorUpserted = "creator.upserted";
    public const string NoticeSent = "notice.sent";
    public const string CreatorErased = "creator.erased";

    public static IReadOnlyList<string> All { get; } = [ViolationIssued, ViolationOverturned, CreatorUpserted, NoticeSent, CreatorErased];
}

/// <summary>A validated platform event. <see cref="SubjectId"/> is its natural key: what makes a repeat a duplicate.</summary>
public abstract record PlatformEvent(string EventId, Instant OccurredAt, string CreatorId)
{
    public abstract string Type { get; }

    public abstract string SubjectId { get; }
}

public sealed record ViolationIssuedEvent(string EventId, Instant OccurredAt, Violation Violation)
    : PlatformEvent(EventId, OccurredAt, Violation.CreatorId)
{
    public override string Type => EventTypes.ViolationIssued;

    public override string SubjectId => Violation.Id;
}

public sealed record ViolationOverturnedEvent(string EventId, Instant OccurredAt, Overturn Overturn)
    : PlatformEvent(EventId, OccurredAt, Overturn.CreatorId)
{
    public override string Type => EventTypes.ViolationOverturned;

    public override string SubjectId => Overturn.ViolationId;
}

/// <summary>Each profile update is its own record (keyed by event id); the newest <see cref="PlatformEvent.OccurredAt"/> wins on read.</summary>
public sealed record CreatorUpsertedEvent(string EventId, Instant OccurredAt, CreatorProfile Profile)
    : PlatformEvent(EventId, OccurredAt, Profile.CreatorId)
{
    public override string Type => EventTypes.CreatorUpserted;

    public override string SubjectId => EventId;
}

public sealed record NoticeSentEvent(string EventId, Instant OccurredAt, Notice Notice)
    : PlatformEvent(EventId, OccurredAt, Notice.CreatorId)
{
    public override string Type => EventTypes.NoticeSent;

    public override string SubjectId => Notice.Id;
}

/// <summary>The platform erased the creator: everything about them goes, and their later events are ignored.</summary>
public sealed record CreatorErasedEvent(string EventId, Instant OccurredAt, string ErasedCreatorId)
    : PlatformEvent(EventId, OccurredAt, ErasedCreatorId)
{
    public override string Type => EventTypes.CreatorErased;

    public override string SubjectId => CreatorId;
}

/// <summary>What the webhook answers for an event; a repeat of the event answers the very same receipt.</summary>
public sealed record EventReceipt(string EventId, string Type, string CreatorId, string SubjectId, string Status, Instant RecordedAt);

/// <summary>What the webhook answers for an event of a creator erased before it arrived: nothing was recorded.</summary>
public sealed record IgnoredEventReceipt(string EventId, string Type, string CreatorId, string SubjectId, Instant ErasedAt)
{
    public string Status => "ignored";

    public string Reason => "creatorErased";
}
