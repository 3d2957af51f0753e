using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Tests.Integration;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>Webhook bodies for report tests: dates inside the week a <see cref="ReportHarness.Monday"/> run reports on.</summary>
internal static class ReportEvents
{
    public static string Profile(string creatorId, string? email = null, string timeZone = "Europe/Madrid", bool weeklyReports = true) =>
        new JsonObject
        {
            ["eventId"] = "profile-" + creatorId,
            ["type"] = "creator.upserted",
            ["occurredAt"] = "2026-11-01T09:00:00Z",
            ["creator"] = new JsonObject
            {
                ["id"] = creatorId,
                ["email"] = email ?? creatorId + "@shop.example",
                ["displayName"] = "Creator " + creatorId,
                ["timeZone"] = timeZone,
                ["emailPreferences"] = new JsonObject { ["weeklyReports"] = weeklyReports },
            },
        }.ToJsonString();

    public static string Violation(string creatorId, string violationId, string issuedAt = "2026-11-24T10:00:00Z", string policyCode = "dangerous-acts") =>
        Events.ViolationIssued("evt-" + violationId, creatorId, violationId, policyCode, issuedAt);

    public static string Notice(string creatorId, string noticeId, string sentAt = "2026-11-25T10:00:00Z") =>
        new JsonObject
        {
            ["eventId"] = "evt-" + noticeId,
            ["type"] = "notice.sent",
            ["occurredAt"] = sentAt,
            ["notice"] = new JsonObject
            {
                ["id"] = noticeId,
                ["creatorId"] = creatorId,
                ["surface"] = "video",
                ["contentId"] = "video-" + noticeId,
                ["sentAt"] = sentAt,
                ["title"] = "Your video's reach was limited",
                ["body"] = "It showed a product claim we could not verify.",
            },
        }.ToJsonString();

    /// <summary><paramref name="count"/> creator ids that share one activity shard, so one shard message carries them all.</summary>
    public static List<string> CreatorsInOneShard(string prefix, int count)
    {
        var shard = ReportActivityIndex.ShardOf(prefix + "-0");
        return Enumerable.Range(0, 10_000)
            .Select(i => $"{prefix}-{i}")
            .Where(id => ReportActivityIndex.ShardOf(id) == shard)
            .Take(count)
            .ToList();
    }
}
