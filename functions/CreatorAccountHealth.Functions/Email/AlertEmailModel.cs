using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Links;
using NodaTime;
using static CreatorAccountHealth.Functions.Email.EmailFormat;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// What the alert templates see (as snake_case in Liquid). Every value is already worded and formatted for the creator,
/// dates in their time zone, so the templates only lay it out and never compute.
/// </summary>
public sealed record AlertEmailModel(
    string AlertId,
    bool IsReached,
    string Subject,
    string Preheader,
    string DisplayName,
    string MilestoneTitle,
    string MilestoneEnforcement,
    int MilestoneThreshold,
    int ActivePoints,
    string ActivePointsText,
    string PointsAwayText,
    int ProgressPercent,
    string? RepeatedPolicyTitle,
    string TimeZoneName,
    IReadOnlyList<ViolationLine> Violations,
    IReadOnlyList<QuizLine> Quizzes,
    IReadOnlyList<ExpiryLine> Expiries,
    IReadOnlyList<EducationLine> Education,
    string? PageUrl = null,
    string? PreferencesUrl = null,
    string? UnsubscribeUrl = null)
{
    /// <param name="links">Null only where an email is rendered without being sent (previews): its links are left out.</param>
    public static AlertEmailModel From(AlertMessage alert, CreatorProfile profile, EmailLinks? links = null)
    {
        var zone = CreatorCalendar.ZoneOf(profile);
        var culture = CreatorCulture.For(profile.Locale);
        string LocalDateOf(Instant instant) => culture.Date(CreatorCalendar.LocalDateOf(instant, zone));

        var milestone = alert.Milestone;
        var isReached = alert.Kind == AlertKind.Reached;
        var subject = isReached
            ? $"You've reached a {LowerFirst(milestone.Title)}"
            : $"You're {Points(alert.PointsAway)} from a {LowerFirst(milestone.Title)}";
        var repeatedPolicyTitle = isReached && alert.ReachedBy == MilestoneReason.RepeatViolations
            ? PolicyTitle(alert, alert.RepeatedPolicyCode)
            : null;

        return new AlertEmailModel(
            alert.AlertId,
            isReached,
            subject,
            isReached
                ? $"{milestone.Title}: {milestone.Enforcement} Here's why, and what you can do."
                : $"You have {Points(alert.ActivePoints)}; {LowerFirst(milestone.Title)} starts at {milestone.Threshold}. Here's how to stay clear of it.",
            profile.DisplayName,
            milestone.Title,
            milestone.Enforcement,
            milestone.Threshold,
            alert.ActivePoints,
            Points(alert.ActivePoints),
            Points(alert.PointsAway),
            milestone.Threshold <= 0 ? 100 : Math.Clamp(alert.ActivePoints * 100 / milestone.Threshold, 0, 100),
            repeatedPolicyTitle,
            ZoneName(zone),
            alert.CausedBy
                .Select(v => new ViolationLine(v.PolicyTitle, SurfaceName(v.Surface), Points(v.Points), LocalDateOf(v.IssuedAt), LocalDateOf(v.ExpiresAt), links?.Appeal(v.ViolationId)))
                .ToList(),
            alert.Quizzes
                // AvailableUntil is the first instant after the window: the last day to take the quiz is the local day before it.
                .Select(q => new QuizLine(q.PolicyTitle, LocalDateOf(q.AvailableUntil - Duration.Epsilon), links?.Quiz(q.ViolationId)))
                .ToList(),
            alert.PointsExpiring.OrderBy(e => e.Date).Select(e => new ExpiryLine(culture.Date(e.Date), Points(e.Points))).ToList(),
            alert.Education
                .Select(e => new EducationLine(e.Title, SafeLink(e.Article), SafeLink(e.Video), SafeLink(e.Slides)))
                .Where(e => e.Article is not null || e.Video is not null || e.Slides is not null)
                .ToList(),
            links?.Page,
            links?.Preferences,
            links?.Unsubscribe);
    }

    private static string? PolicyTitle(AlertMessage alert, string? policyCode) =>
        policyCode is null
            ? null
            : alert.CausedBy.FirstOrDefault(v => v.PolicyCode == policyCode)?.PolicyTitle
              ?? alert.Education.FirstOrDefault(e => e.PolicyCode == policyCode)?.Title
              ?? policyCode;

    /// <summary>The message carries the surface's wire name; one this build doesn't know is shown as sent.</summary>
    private static string SurfaceName(string surface) =>
        Surfaces.TryParse(surface, out var known) ? EmailFormat.SurfaceName(known) : surface;
}

/// <param name="AppealUrl">Where the creator appeals it (<c>Appeals__UrlTemplate</c>).</param>
public sealed record ViolationLine(string PolicyTitle, string Surface, string PointsText, string IssuedOn, string ExpiresOn, string? AppealUrl = null);

/// <param name="LastDay">The last local day the quiz can be taken.</param>
/// <param name="QuizUrl">The quiz in the Account Standing page (a signed link).</param>
public sealed record QuizLine(string PolicyTitle, string LastDay, string? QuizUrl = null);

public sealed record ExpiryLine(string Date, string PointsText);

public sealed record EducationLine(string PolicyTitle, string? Article, string? Video, string? Slides);
