using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Standing;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>Alert messages and profiles as the alert pipeline produces them, with policies from the shipped catalog.</summary>
internal static class SampleAlerts
{
    public const string CreatorId = "creator-42";
    public const string Email = "maya@example.com";
    public const string DisplayName = "Maya Chen";
    public const string Zone = "Europe/London";

    public static readonly Instant FirstIssuedAt = Instant.FromUtc(2027, 1, 20, 10, 0);
    public static readonly Instant SecondIssuedAt = Instant.FromUtc(2027, 2, 2, 14, 0);
    public static readonly Duration ActiveFor = Duration.FromDays(90);

    public static CreatorProfile Profile(
        string creatorId = CreatorId, string email = Email, string displayName = DisplayName, string? timeZone = Zone, EmailPreferences? preferences = null, string? locale = "en-GB") =>
        new(creatorId, email, displayName, locale, timeZone, Instant.FromUtc(2026, 6, 1, 0, 0), preferences);

    /// <summary>12 points: a formal warning, from a pre-recorded live (2) and a dangerous stunt on a live (10).</summary>
    public static AlertMessage Reached(string creatorId = CreatorId, string? zone = Zone) => new(
        AlertMessage.IdFor(creatorId, "formal-warning", AlertKind.Reached, 1),
        creatorId,
        AlertKind.Reached,
        new MilestoneView("formal-warning", "Formal warning", 12, "A formal warning on your account. No features are restricted yet."),
        MilestoneReason.Points,
        null,
        12,
        0,
        SecondIssuedAt,
        [
            Violation("v-2", "dangerous-acts", "Dangerous acts in livestreams", 10, SecondIssuedAt),
            Violation("v-1", "pre-recorded-livestream", "Pre-recorded or static livestreams", 2, FirstIssuedAt),
        ],
        [
            Quiz("v-2", "dangerous-acts", "Dangerous acts in livestreams", "dangerous-acts", SecondIssuedAt, zone),
            Quiz("v-1", "pre-recorded-livestream", "Pre-recorded or static livestreams", "livestream-quality", FirstIssuedAt, zone),
        ],
        [
            new PointsExpiryView(LocalDateOf(FirstIssuedAt + ActiveFor, zone), 2),
            new PointsExpiryView(LocalDateOf(SecondIssuedAt + ActiveFor, zone), 10),
        ],
        [
            new PolicyEducationView(
                "dangerous-acts", "Dangerous acts in livestreams",
                new Uri("https://academy.creator-platform.example/policies/dangerous-acts"),
                new Uri("https://academy.creator-platform.example/videos/dangerous-acts"),
                null),
            new PolicyEducationView(
                "pre-recorded-livestream", "Pre-recorded or static livestreams",
                new Uri("https://academy.creator-platform.example/policies/pre-recorded-livestream"),
                new Uri("https://academy.creator-platform.example/videos/pre-recorded-livestream"),
                null),
        ]);

    /// <summary>22 points, 2 away from a 7-day suspension.</summary>
    public static AlertMessage Approaching(string creatorId = CreatorId, string? zone = Zone) => Reached(creatorId, zone) with
    {
        AlertId = AlertMessage.IdFor(creatorId, "suspension-7-days", AlertKind.Approaching, 1),
        Kind = AlertKind.Approaching,
        Milestone = new MilestoneView(
            "suspension-7-days", "7-day suspension", 24, "E-commerce features (shoppable videos, LIVE selling, showcase) are suspended for 7 days."),
        ReachedBy = null,
        ActivePoints = 22,
        PointsAway = 2,
        CausedBy =
        [
            Violation("v-3", "misleading-product-claims", "Misleading product claims", 4, SecondIssuedAt, "video"),
            Violation("v-2", "medical-health-claims", "Unproven health and medical claims", 8, SecondIssuedAt - Duration.FromDays(3), "video"),
            Violation("v-1", "dangerous-acts", "Dangerous acts in livestreams", 10, FirstIssuedAt),
        ],
        Quizzes = [Quiz("v-3", "misleading-product-claims", "Misleading product claims", "product-claims", SecondIssuedAt, zone)],
        PointsExpiring =
        [
            new PointsExpiryView(LocalDateOf(FirstIssuedAt + ActiveFor, zone), 10),
            new PointsExpiryView(LocalDateOf(SecondIssuedAt - Duration.FromDays(3) + ActiveFor, zone), 8),
            new PointsExpiryView(LocalDateOf(SecondIssuedAt + ActiveFor, zone), 4),
        ],
        Education =
        [
            new PolicyEducationView(
                "misleading-product-claims", "Misleading product claims",
                new Uri("https://academy.creator-platform.example/policies/misleading-product-claims"),
                new Uri("https://academy.creator-platform.example/videos/misleading-product-claims"),
                new Uri("https://academy.creator-platform.example/slides/misleading-product-claims.pdf")),
            new PolicyEducationView(
                "medical-health-claims", "Unproven health and medical claims",
                new Uri("https://academy.creator-platform.example/policies/medical-health-claims"), null, null),
        ],
    };

    public static AlertViolationView Violation(string id, string policyCode, string title, int points, Instant issuedAt, string surface = "livestream") =>
        new(id, policyCode, title, surface, points, issuedAt, issuedAt + ActiveFor);

    private static AlertQuizView Quiz(string violationId, string policyCode, string title, string quizType, Instant issuedAt, string? zone) =>
        new(violationId, policyCode, title, quizType, CreatorCalendar.QuizWindowEnd(issuedAt, CreatorCalendar.ResolveZone(zone)));

    private static LocalDate LocalDateOf(Instant instant, string? zone) => CreatorCalendar.LocalDateOf(instant, CreatorCalendar.ResolveZone(zone));
}
