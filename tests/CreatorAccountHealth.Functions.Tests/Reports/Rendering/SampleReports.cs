using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Policies;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports.Rendering;

/// <summary>
/// Weekly reports as the pipeline makes them: creators' histories through <see cref="WeeklyReportBuilder"/> with the
/// shipped catalog, for the run of Monday 23 November 2026, 06:00 UTC (the week of Mon 16 – Sun 22 November).
/// </summary>
internal static class SampleReports
{
    public const string CreatorId = "creator-42";
    public const string DisplayName = "Maya Chen";

    public static readonly Instant Cutoff = Instant.FromUtc(2026, 11, 23, 6, 0);

    public static PolicyCatalog Catalog { get; } = new PolicyCatalogOptions().Load();

    /// <summary>
    /// Six violations in the week (Tue 3, Thu 1, Fri 1, Sat 1) on both surfaces, two policies tied at the top, one notice;
    /// 22 active points with the 4 from October: a formal warning reached, 2 points from a 7-day suspension.
    /// </summary>
    /// <param name="cutoff">Another run's cutoff: the same history seen from another week.</param>
    public static WeeklyReport Busy(string? zone = "Europe/London", Instant? cutoff = null) => Build(
        zone,
        cutoff ?? Cutoff,
        [
            V("v-old", "spam-engagement-manipulation", Surface.Video, Instant.FromUtc(2026, 10, 5, 12, 0)),
            V("v-prev", "unattended-livestream", Surface.Livestream, Instant.FromUtc(2026, 11, 10, 20, 0)),
            V("v-1", "misleading-product-claims", Surface.Video, Instant.FromUtc(2026, 11, 17, 9, 15), "Claimed the serum \"cures acne in 3 days\"."),
            V("v-2", "misleading-product-claims", Surface.Video, Instant.FromUtc(2026, 11, 17, 11, 30)),
            V("v-3", "unattended-livestream", Surface.Livestream, Instant.FromUtc(2026, 11, 17, 20, 10)),
            V("v-4", "pre-recorded-livestream", Surface.Livestream, Instant.FromUtc(2026, 11, 19, 18, 0), "Replayed last week's stream as live."),
            V("v-5", "pre-recorded-livestream", Surface.Livestream, Instant.FromUtc(2026, 11, 20, 18, 0)),
            V("v-6", "spam-engagement-manipulation", Surface.Video, Instant.FromUtc(2026, 11, 21, 14, 45)),
        ],
        [
            new Notice("n-1", CreatorId, Surface.Livestream, "live-77", Instant.FromUtc(2026, 11, 19, 18, 5), "Your LIVE was paused", "It looked pre-recorded.\nGo live in person to keep selling."),
            new Notice("n-old", CreatorId, Surface.Video, null, Instant.FromUtc(2026, 11, 12, 9, 0), "Older notice", "Not this week."),
        ]);

    /// <summary>No violations this week, one the week before: 10 active points, 2 from a formal warning.</summary>
    public static WeeklyReport Quiet() => Build(
        "Europe/London",
        Cutoff,
        [V("v-prev", "dangerous-acts", Surface.Livestream, Instant.FromUtc(2026, 11, 10, 21, 0))],
        []);

    /// <summary>Only a notice this week, and no points at all.</summary>
    public static WeeklyReport Clean() => Build(
        null,
        Cutoff,
        [],
        [new Notice("n-1", CreatorId, Surface.Video, "video-9", Instant.FromUtc(2026, 11, 18, 8, 0), "Tip: label sponsored videos", "Use the paid-partnership label.")]);

    public static CreatorProfile Profile(string displayName = DisplayName, string? zone = "Europe/London", string? locale = "en-GB") =>
        new(CreatorId, "maya@example.com", displayName, locale, zone, Instant.FromUtc(2026, 6, 1, 0, 0));

    private static WeeklyReport Build(string? zone, Instant cutoff, IReadOnlyList<Violation> violations, IReadOnlyList<Notice> notices) =>
        WeeklyReportBuilder.Build(new CreatorHistory(CreatorId, Profile(zone: zone), violations, [], notices), cutoff, StandingRules.Default, 2, Catalog)
        ?? throw new InvalidOperationException("A sample creator with history gets a report.");

    private static Violation V(string id, string policyCode, Surface surface, Instant issuedAt, string? message = null) =>
        new(id, CreatorId, policyCode, surface, $"{surface.ToWireName()}-{id}", issuedAt, Catalog.Get(policyCode).Points, message);
}
