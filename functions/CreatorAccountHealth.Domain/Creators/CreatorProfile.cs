using CreatorAccountHealth.Domain.Notifications;
using NodaTime;

namespace CreatorAccountHealth.Domain.Creators;

/// <summary>Who the creator is, as the platform last told us.</summary>
/// <param name="TimeZoneId">IANA zone id, or null when the platform doesn't know; calendar rules then use UTC.</param>
/// <param name="EmailPreferences">What the platform last said the creator wants (null: it said nothing).</param>
/// <param name="OwnChoices">What the creator chose here (the page, one-click unsubscribe); it outranks the platform's.</param>
public sealed record CreatorProfile(
    string CreatorId,
    string Email,
    string DisplayName,
    string? Locale,
    string? TimeZoneId,
    Instant UpdatedAt,
    EmailPreferences? EmailPreferences = null,
    CreatorEmailChoices? OwnChoices = null)
{
    /// <summary>What the creator receives: their own choices here, else the platform's, else everything.</summary>
    public EmailPreferences Emails => (OwnChoices ?? CreatorEmailChoices.None).Over(EmailPreferences);
}

/// <summary>Which emails the creator receives from us.</summary>
public sealed record EmailPreferences(bool MilestoneAlerts, bool WeeklyReports)
{
    public static EmailPreferences All { get; } = new(true, true);
}
