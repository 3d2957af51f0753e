using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Tests;

/// <summary>Builds creator histories for tests, one readable line per event.</summary>
internal sealed class History(string creatorId = "creator-1")
{
    private readonly List<Violation> violations = [];
    private readonly List<Overturn> overturns = [];
    private readonly List<Notice> notices = [];
    private CreatorProfile? profile;

    public static Instant At(int year, int month, int day, int hour = 12, int minute = 0, int second = 0) =>
        Instant.FromUtc(year, month, day, hour, minute, second);

    public History Violation(string id, Instant issuedAt, int points = 4, string policy = "spam", Surface surface = Surface.Livestream)
    {
        violations.Add(new Violation(id, creatorId, policy, surface, "content-" + id, issuedAt, points, null));
        return this;
    }

    public History Overturn(string violationId, Instant at)
    {
        overturns.Add(new Overturn(violationId, creatorId, at));
        return this;
    }

    public History InZone(string? zoneId)
    {
        profile = new CreatorProfile(creatorId, "creator@example.com", "Creator", "en-GB", zoneId, At(2026, 1, 1));
        return this;
    }

    public CreatorHistory Build() => new(creatorId, profile, violations.ToList(), overturns.ToList(), notices.ToList());
}
