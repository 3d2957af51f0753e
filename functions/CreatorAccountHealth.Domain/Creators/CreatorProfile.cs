using NodaTime;

namespace CreatorAccountHealth.Domain.Creators;

/// <summary>Who the creator is, as the platform last told us.</summary>
/// <param name="TimeZoneId">IANA zone id, or null when the platform doesn't know; calendar rules then use UTC.</param>
public sealed record CreatorProfile(
    string CreatorId,
    string Email,
    string DisplayName,
    string? Locale,
    string? TimeZoneId,
    Instant UpdatedAt);
