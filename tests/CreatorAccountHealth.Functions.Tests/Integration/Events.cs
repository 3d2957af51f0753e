using System.Text.Json.Nodes;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>Webhook bodies as the platform sends them.</summary>
internal static class Events
{
    public static string ViolationIssued(string eventId, string creatorId, string violationId, string policyCode = "dangerous-acts", string issuedAt = "2026-11-20T10:00:00Z", string surface = "livestream") =>
        new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = "violation.issued",
            ["occurredAt"] = issuedAt,
            ["violation"] = new JsonObject
            {
                ["id"] = violationId,
                ["creatorId"] = creatorId,
                ["policyCode"] = policyCode,
                ["surface"] = surface,
                ["contentId"] = "content-" + violationId,
                ["issuedAt"] = issuedAt,
            },
        }.ToJsonString();

    public static string ViolationOverturned(string eventId, string creatorId, string violationId, string occurredAt = "2026-11-21T10:00:00Z") =>
        new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = "violation.overturned",
            ["occurredAt"] = occurredAt,
            ["violation"] = new JsonObject { ["id"] = violationId, ["creatorId"] = creatorId },
        }.ToJsonString();

    public static string CreatorUpserted(string eventId, string creatorId, string email, string occurredAt, string? timeZone = null, string? locale = null)
    {
        var creator = new JsonObject { ["id"] = creatorId, ["email"] = email, ["displayName"] = "Creator " + creatorId, ["timeZone"] = timeZone };
        if (locale is not null)
        {
            creator["locale"] = locale;
        }

        return new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = "creator.upserted",
            ["occurredAt"] = occurredAt,
            ["creator"] = creator,
        }.ToJsonString();
    }

    public static string NoticeSent(string eventId, string creatorId, string noticeId) =>
        new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = "notice.sent",
            ["occurredAt"] = "2026-11-22T10:00:00Z",
            ["notice"] = new JsonObject
            {
                ["id"] = noticeId,
                ["creatorId"] = creatorId,
                ["surface"] = "video",
                ["contentId"] = "video-1",
                ["sentAt"] = "2026-11-22T10:00:00Z",
                ["title"] = "Your video's reach was limited",
                ["body"] = "It showed a product claim we could not verify.",
            },
        }.ToJsonString();
}
