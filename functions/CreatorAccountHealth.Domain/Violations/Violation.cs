using NodaTime;

namespace CreatorAccountHealth.Domain.Violations;

/// <summary>
/// A policy violation as issued by the platform. <see cref="Points"/> are the catalog's points at the time of issue,
/// so a later catalog change never rescores history.
/// </summary>
public sealed record Violation(
    string Id,
    string CreatorId,
    string PolicyCode,
    Surface Surface,
    string ContentId,
    Instant IssuedAt,
    int Points,
    string? Message);

/// <summary>An appeal was granted: the violation no longer counts. It may arrive before the violation itself.</summary>
public sealed record Overturn(string ViolationId, string CreatorId, Instant OverturnedAt);

/// <summary>A policy message the platform showed the creator (a warning banner, an email, an in-app notice).</summary>
public sealed record Notice(
    string Id,
    string CreatorId,
    Surface Surface,
    string? ContentId,
    Instant SentAt,
    string Title,
    string Body);

/// <summary>A passed quiz took one point off a violation.</summary>
public sealed record PointRemoval(string ViolationId, string QuizType, Instant RemovedAt);
