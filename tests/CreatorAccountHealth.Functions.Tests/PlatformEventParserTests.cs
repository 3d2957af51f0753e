using System.Text;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Webhooks;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests;

public class PlatformEventParserTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 27, 12, 0);
    private readonly PlatformEventParser parser = new(TestCatalog.Small);

    private ParseResult Parse(string json) => parser.Parse(Encoding.UTF8.GetBytes(json), Now);

    private ParseResult Parse(JsonNode json) => Parse(json.ToJsonString());

    public static JsonObject ViolationIssued() => new()
    {
        ["eventId"] = "evt-1",
        ["type"] = "violation.issued",
        ["occurredAt"] = "2026-11-27T10:00:00Z",
        ["violation"] = new JsonObject
        {
            ["id"] = "v-1",
            ["creatorId"] = "c-1",
            ["policyCode"] = "dangerous-acts",
            ["surface"] = "livestream",
            ["contentId"] = "live-9",
            ["issuedAt"] = "2026-11-27T11:30:00+01:00",
            ["message"] = "Stunt with fireworks during a live.",
        },
    };

    [Fact]
    public void A_violation_takes_its_points_from_the_catalog()
    {
        var result = Parse(ViolationIssued());

        var issued = Assert.IsType<ViolationIssuedEvent>(result.Event);
        Assert.Equal("evt-1", issued.EventId);
        Assert.Equal("c-1", issued.CreatorId);
        Assert.Equal(
            new Violation("v-1", "c-1", "dangerous-acts", Surface.Livestream, "live-9", Instant.FromUtc(2026, 11, 27, 10, 30), 10, "Stunt with fireworks during a live."),
            issued.Violation);
    }

    [Fact]
    public void Each_event_type_is_parsed()
    {
        var overturn = Parse("""{"eventId":"e2","type":"violation.overturned","occurredAt":"2026-11-27T10:00:00Z","violation":{"id":"v-1","creatorId":"c-1"}}""");
        var creator = Parse("""{"eventId":"e3","type":"creator.upserted","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c-1","email":"ana@shop.example","displayName":"Ana","locale":"pt-BR","timeZone":"America/Sao_Paulo"}}""");
        var notice = Parse("""{"eventId":"e4","type":"notice.sent","occurredAt":"2026-11-27T10:00:00Z","notice":{"id":"n-1","creatorId":"c-1","surface":"video","sentAt":"2026-11-27T09:00:00Z","title":"Heads up","body":"Your video was limited."}}""");
        var erased = Parse("""{"eventId":"e5","type":"creator.erased","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c-1"}}""");

        Assert.Equal("v-1", Assert.IsType<ViolationOverturnedEvent>(overturn.Event).Overturn.ViolationId);
        Assert.Equal("America/Sao_Paulo", Assert.IsType<CreatorUpsertedEvent>(creator.Event).Profile.TimeZoneId);
        var sent = Assert.IsType<NoticeSentEvent>(notice.Event);
        Assert.Null(sent.Notice.ContentId);
        Assert.Equal(Surface.Video, sent.Notice.Surface);
        Assert.Equal(("c-1", "c-1"), (Assert.IsType<CreatorErasedEvent>(erased.Event).CreatorId, erased.Event!.SubjectId));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void Malformed_json_or_a_non_object_is_reported_at_the_root(string body)
    {
        var result = Parse(body);

        Assert.False(result.IsValid);
        Assert.Equal(["$"], result.Errors.Keys);
    }

    [Fact]
    public void Every_missing_field_is_named()
    {
        var result = Parse("""{"type":"violation.issued","violation":{"surface":"livestream"}}""");

        Assert.Equal(
            ["eventId", "occurredAt", "violation.contentId", "violation.creatorId", "violation.id", "violation.issuedAt", "violation.policyCode"],
            result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Unknown_type_policy_and_surface_are_named_with_what_is_allowed()
    {
        var unknownType = Parse(ViolationIssued().Also(j => j["type"] = "violation.exploded"));
        Assert.Contains("violation.issued", Assert.Single(unknownType.Errors["type"]));

        var json = ViolationIssued();
        json["violation"]!["policyCode"] = "no-such-policy";
        json["violation"]!["surface"] = "podcast";
        var result = Parse(json);

        Assert.Contains("no-such-policy", Assert.Single(result.Errors["violation.policyCode"]));
        Assert.Contains("livestream, video", Assert.Single(result.Errors["violation.surface"]));
    }

    [Theory]
    [InlineData("2026-11-27T10:00:00")]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("27/11/2026")]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("2026-11-28T12:00:01Z")]
    public void Dates_without_offset_impossible_or_implausible_are_refused(string issuedAt)
    {
        var json = ViolationIssued();
        json["violation"]!["issuedAt"] = issuedAt;

        Assert.Equal(["violation.issuedAt"], Parse(json).Errors.Keys);
    }

    [Fact]
    public void Wrong_json_types_are_refused()
    {
        var json = ViolationIssued();
        json["eventId"] = 42;
        json["violation"]!["message"] = new JsonArray();

        Assert.Equal(["eventId", "violation.message"], Parse(json).Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a b")]
    [InlineData("")]
    public void Ids_that_cannot_be_storage_keys_are_refused(string id)
    {
        var json = ViolationIssued();
        json["violation"]!["id"] = id;

        Assert.Equal(["violation.id"], Parse(json).Errors.Keys);
    }

    [Fact]
    public void Ids_longer_than_128_characters_are_refused()
    {
        var json = ViolationIssued();
        json["violation"]!["creatorId"] = new string('c', 129);

        Assert.Equal(["violation.creatorId"], Parse(json).Errors.Keys);
    }

    [Fact]
    public void Creator_email_and_time_zone_are_checked()
    {
        var result = Parse("""{"eventId":"e3","type":"creator.upserted","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c-1","email":"not-an-email","displayName":"Ana","timeZone":"Europe/Atlantis"}}""");

        Assert.Equal(["creator.email", "creator.timeZone"], result.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Email_preferences_default_to_everything_and_can_opt_out_of_alerts()
    {
        var silent = Parse("""{"eventId":"e3","type":"creator.upserted","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c-1","email":"a@shop.example","displayName":"Ana"}}""");
        var optedOut = Parse("""{"eventId":"e3","type":"creator.upserted","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c-1","email":"a@shop.example","displayName":"Ana","emailPreferences":{"milestoneAlerts":false}}}""");
        var wrong = Parse("""{"eventId":"e3","type":"creator.upserted","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c-1","email":"a@shop.example","displayName":"Ana","emailPreferences":{"milestoneAlerts":"no"}}}""");

        Assert.True(Assert.IsType<CreatorUpsertedEvent>(silent.Event).Profile.Emails.MilestoneAlerts);
        var preferences = Assert.IsType<CreatorUpsertedEvent>(optedOut.Event).Profile.Emails;
        Assert.False(preferences.MilestoneAlerts);
        Assert.True(preferences.WeeklyReports);
        Assert.Equal(["creator.emailPreferences.milestoneAlerts"], wrong.Errors.Keys);
    }

    [Fact]
    public void An_erasure_names_the_creator_id_at_fault()
    {
        var missing = Parse("""{"eventId":"e5","type":"creator.erased","occurredAt":"2026-11-27T10:00:00Z","creator":{}}""");
        var unusable = Parse("""{"eventId":"e5","type":"creator.erased","occurredAt":"2026-11-27T10:00:00Z","creator":{"id":"c 1"}}""");

        Assert.Equal(["creator.id"], missing.Errors.Keys);
        Assert.Equal(["creator.id"], unusable.Errors.Keys);
    }

    [Fact]
    public void A_missing_payload_object_is_named()
    {
        var result = Parse("""{"eventId":"e2","type":"violation.overturned","occurredAt":"2026-11-27T10:00:00Z","violation":"v-1"}""");

        Assert.Equal(["violation"], result.Errors.Keys);
    }
}

internal static class JsonNodeExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
