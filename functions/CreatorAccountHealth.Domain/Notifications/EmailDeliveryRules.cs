using CreatorAccountHealth.Domain.Creators;
using NodaTime;

namespace CreatorAccountHealth.Domain.Notifications;

/// <summary>The kinds of email the product sends; each has its own opt-out rule.</summary>
public enum EmailKind
{
    MilestoneAlert,
    WeeklyReport,
    Workshop,
}

/// <summary>Why an email is not sent, on purpose.</summary>
public enum SuppressionReason
{
    OptedOut,
    NoAddress,
    Erased,
}

/// <summary>Where one email stands in the notification ledger.</summary>
public enum DeliveryStatus
{
    /// <summary>Not sent yet: nobody holds it (a try failed for now, or nothing tried yet).</summary>
    Pending,

    /// <summary>One delivery holds a lease on it and is sending it.</summary>
    Sending,

    /// <summary>SendGrid accepted it. Settled: never sent again.</summary>
    Sent,

    /// <summary>SendGrid refused it for good (its reason in the detail). Settled.</summary>
    Refused,

    /// <summary>Not sent on purpose (<see cref="SuppressionReason"/>). Settled.</summary>
    Suppressed,

    /// <summary>Producing the email failed for good (a bug, bad data); a re-run tries again. Not settled.</summary>
    Failed,
}

/// <summary>A delivery record as the rules see it.</summary>
/// <param name="LeaseOwner">The delivery (one invocation, never a message id) holding the lease while <see cref="DeliveryStatus.Sending"/>.</param>
public sealed record DeliveryState(DeliveryStatus Status, int Attempts, string? LeaseOwner, Instant? LeaseUntil);

/// <summary>What a delivery may do with an email, given its record.</summary>
public abstract record ClaimDecision
{
    private ClaimDecision()
    {
    }

    /// <summary>Sent, refused or suppressed already: nothing to do, ever.</summary>
    public sealed record Settled(DeliveryStatus Status) : ClaimDecision;

    /// <summary>Another delivery holds a live lease: it may be sending right now. Look again after <paramref name="Until"/>.</summary>
    public sealed record Held(Instant Until) : ClaimDecision;

    /// <summary>Free (new, pending, failed, or its lease ran out): this delivery may claim it.</summary>
    public sealed record Claim : ClaimDecision;
}

/// <summary>
/// The rules of sending an email once, as pure functions: who may receive which kind, and when a delivery may claim an
/// email. The notifications module applies them for alerts, weekly reports and workshop emails alike.
/// </summary>
public static class EmailDeliveryRules
{
    public static bool IsSettled(DeliveryStatus status) => status is DeliveryStatus.Sent or DeliveryStatus.Refused or DeliveryStatus.Suppressed;

    /// <summary>Why this creator must not get this kind of email now, or null when they may.</summary>
    /// <param name="profile">The profile now, not when the email was decided: a later opt-out or address change wins.</param>
    /// <param name="erased">The creator's data was erased: nothing is sent to them again.</param>
    public static SuppressionReason? Suppression(EmailKind kind, CreatorProfile? profile, bool erased) => (kind, profile) switch
    {
        _ when erased => SuppressionReason.Erased,
        (_, null) => SuppressionReason.NoAddress,
        (_, { Email: var email }) when string.IsNullOrWhiteSpace(email) => SuppressionReason.NoAddress,
        (EmailKind.MilestoneAlert, { Emails.MilestoneAlerts: false }) => SuppressionReason.OptedOut,
        (EmailKind.WeeklyReport, { Emails.WeeklyReports: false }) => SuppressionReason.OptedOut,

        // No opt-out for workshop emails: they answer the creator's own invitation or registration.
        _ => null,
    };

    public static string Describe(SuppressionReason reason, EmailKind kind) => reason switch
    {
        SuppressionReason.OptedOut => $"the creator opted out of {Name(kind)} emails",
        SuppressionReason.NoAddress => "the creator has no email address",
        SuppressionReason.Erased => "the creator's data was erased",
        _ => reason.ToString(),
    };

    /// <param name="retryRefused">An operator re-drove the message: an email SendGrid refused may be tried once more (never one sent or suppressed).</param>
    public static ClaimDecision Decide(DeliveryState? current, string owner, Instant now, bool retryRefused = false) => current switch
    {
        { Status: DeliveryStatus.Refused } when retryRefused => new ClaimDecision.Claim(),
        { Status: var status } when IsSettled(status) => new ClaimDecision.Settled(status),
        { Status: DeliveryStatus.Sending, LeaseOwner: var holder, LeaseUntil: { } until } when holder != owner && until > now => new ClaimDecision.Held(until),
        _ => new ClaimDecision.Claim(),
    };

    private static string Name(EmailKind kind) => kind switch
    {
        EmailKind.MilestoneAlert => "milestone alert",
        EmailKind.WeeklyReport => "weekly report",
        _ => "workshop",
    };
}
