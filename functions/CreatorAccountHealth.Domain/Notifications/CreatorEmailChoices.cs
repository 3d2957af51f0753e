using CreatorAccountHealth.Domain.Creators;
using NodaTime;

namespace CreatorAccountHealth.Domain.Notifications;

/// <summary>One choice the creator made here about one kind of email, and when.</summary>
public sealed record EmailChoice(bool On, Instant ChosenAt);

/// <summary>
/// The creator's own email choices, made here (the Account Standing page, a one-click unsubscribe), per kind; null
/// where they never chose.
/// <para>
/// <b>The rule:</b> a kind the creator chose here follows that choice until they choose again here; a later
/// <c>creator.upserted</c> from the platform never overrides it. The platform keeps its own copy of the preferences and
/// may send them with every profile update (a new display name, say), so "the latest write wins" would quietly
/// re-subscribe a creator who had just unsubscribed, which RFC 8058 and the bulk-sender rules forbid. The platform's
/// preferences still decide every kind the creator never chose here.
/// </para>
/// </summary>
public sealed record CreatorEmailChoices(EmailChoice? MilestoneAlerts, EmailChoice? WeeklyReports)
{
    public static CreatorEmailChoices None { get; } = new(null, null);

    /// <summary>The kinds a creator can turn off: workshop emails answer their own invitation or registration.</summary>
    public static bool IsOptional(EmailKind kind) => kind is EmailKind.MilestoneAlert or EmailKind.WeeklyReport;

    /// <summary>What the creator receives: each kind they chose here as they chose, else as the platform says (everything when it says nothing).</summary>
    public EmailPreferences Over(EmailPreferences? platform)
    {
        var from = platform ?? EmailPreferences.All;
        return new EmailPreferences(MilestoneAlerts?.On ?? from.MilestoneAlerts, WeeklyReports?.On ?? from.WeeklyReports);
    }

    /// <summary>These choices with <paramref name="kind"/> set to <paramref name="on"/> at <paramref name="now"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind can't be turned off (<see cref="IsOptional"/>).</exception>
    public CreatorEmailChoices With(EmailKind kind, bool on, Instant now) => kind switch
    {
        EmailKind.MilestoneAlert => this with { MilestoneAlerts = new EmailChoice(on, now) },
        EmailKind.WeeklyReport => this with { WeeklyReports = new EmailChoice(on, now) },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Workshop emails have no opt-out."),
    };

    /// <summary>The creator's choice for <paramref name="kind"/>, if they made one here.</summary>
    public EmailChoice? For(EmailKind kind) => kind switch
    {
        EmailKind.MilestoneAlert => MilestoneAlerts,
        EmailKind.WeeklyReport => WeeklyReports,
        _ => null,
    };
}
