using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Standing;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// The body of a milestone alert on the Service Bus queue (JSON, <see cref="Hosting.AppJson"/>): everything the email
/// needs except the creator's address, which is read when sending so a later opt-out or address change wins.
/// </summary>
public sealed record AlertMessage(
    string AlertId,
    string CreatorId,
    AlertKind Kind,
    MilestoneView Milestone,
    MilestoneReason? ReachedBy,
    string? RepeatedPolicyCode,
    int ActivePoints,
    int PointsAway,
    Instant DecidedAt,
    IReadOnlyList<AlertViolationView> CausedBy,
    IReadOnlyList<AlertQuizView> Quizzes,
    IReadOnlyList<PointsExpiryView> PointsExpiring,
    IReadOnlyList<PolicyEducationView> Education)
{
    public const string Subject = "milestone-alert";

    /// <summary>
    /// Deterministic per creator, milestone, kind and episode: the same decision made twice (a retry, a race) yields
    /// the same id, which is the Service Bus MessageId, so duplicate detection drops the repeat.
    /// </summary>
    public static string IdFor(string creatorId, string milestoneKey, AlertKind kind, int episode)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{creatorId}\n{milestoneKey}\n{kind}\n{episode}"));
        return "alert-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    public static AlertMessage From(MilestoneAlert alert, PolicyCatalog catalog)
    {
        string Title(string code) => catalog.TryGet(code, out var p) ? p.Title : code;
        var policies = alert.CausedBy.Select(v => v.Violation.PolicyCode).Distinct(StringComparer.Ordinal);
        return new AlertMessage(
            IdFor(alert.CreatorId, alert.Milestone.Key, alert.Kind, alert.Episode),
            alert.CreatorId,
            alert.Kind,
            MilestoneView.From(alert.Milestone),
            alert.ReachedBy,
            alert.RepeatedPolicyCode,
            alert.ActivePoints,
            alert.PointsAway,
            alert.DecidedAt,
            alert.CausedBy.Select(a => new AlertViolationView(
                a.Violation.Id, a.Violation.PolicyCode, Title(a.Violation.PolicyCode), a.Violation.Surface.ToWireName(),
                a.ActivePoints, a.Violation.IssuedAt, a.ExpiresAt)).ToList(),
            alert.Quizzes.Select(q => new AlertQuizView(q.ViolationId, q.PolicyCode, Title(q.PolicyCode), q.QuizType, q.AvailableUntil)).ToList(),
            alert.PointsExpiring.Select(e => new PointsExpiryView(e.Date, e.Points)).ToList(),
            policies.Where(code => catalog.TryGet(code, out _)).Select(code => PolicyEducationView.From(catalog.Get(code))).ToList());
    }
}

public sealed record AlertViolationView(
    string ViolationId, string PolicyCode, string PolicyTitle, string Surface, int Points, Instant IssuedAt, Instant ExpiresAt);

/// <param name="AvailableUntil">The first instant the quiz is closed (the window ends just before it).</param>
public sealed record AlertQuizView(string ViolationId, string PolicyCode, string PolicyTitle, string QuizType, Instant AvailableUntil);

public sealed record PolicyEducationView(string PolicyCode, string Title, Uri Article, Uri? Video, Uri? Slides)
{
    public static PolicyEducationView From(PolicyDefinition policy) =>
        new(policy.Code, policy.Title, policy.Education.Article, policy.Education.Video, policy.Education.Slides);
}
