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
    Instant UpdatedAt,
    EmailPreferences? EmailPreferences = null)
{
    /// <summary>What the creator agreed to receive; everything when the platform says nothing.</summary>
    public EmailPreferences Emails => EmailPreferences ?? EmailPreferences.All;
}

/// <summary>Which emails the creator receives from us.</summary>
public sealed record EmailPreferences(bool MilestoneAlerts, bool WeeklyReports)
{
    public static EmailPreferences All { get; } = new(true, true);
}
