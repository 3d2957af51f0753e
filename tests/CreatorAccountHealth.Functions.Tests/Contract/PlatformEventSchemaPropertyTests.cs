using System.Text;
using System.Text.Json;
using CreatorAccountHealth.Functions.Contract;
using CreatorAccountHealth.Functions.Webhooks;
using FsCheck;
using FsCheck.Fluent;
using Json.Schema;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Contract;

/// <summary>
/// The webhook parser and the published event JSON Schema (<c>/api/schemas/platform-events.json</c>) agree: FsCheck
/// generates events of every type, each field valid or broken in a way a sender could break it (missing, null, wrong
/// type, empty, too long, an id with a '/', a date without an offset, an unknown type or surface...), and for each
/// event the parser and the schema both accept it or both refuse it. What the schema can't say (the policy catalog's
/// codes, real IANA zones, the 24-hours-ahead bound) the generators keep valid; the schema's descriptions name those.
/// </summary>
public class PlatformEventSchemaPropertyTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 27, 12, 0);
    private static readonly JsonSchema Schema = JsonSchema.FromText(Encoding.UTF8.GetString(ApiContract.PlatformEventSchemaBytes.Span));
    private readonly PlatformEventParser parser = new(TestCatalog.Small);

    [Fact]
    public void The_parser_and_the_event_schema_accept_and_refuse_the_same_events()
    {
        var accepted = 0;
        var refused = 0;
        var property = Prop.ForAll(Arb.From(Events), json =>
        {
            var parsed = parser.Parse(Encoding.UTF8.GetBytes(json), Now);
            var evaluated = Schema.Evaluate(System.Text.Json.Nodes.JsonNode.Parse(json));
            _ = parsed.IsValid ? accepted++ : refused++;
            return (parsed.IsValid == evaluated.IsValid)
                .Label($"parser {(parsed.IsValid ? "accepts" : "refuses: " + string.Join("; ", parsed.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")))}, schema {(evaluated.IsValid ? "accepts" : "refuses")}: {json}");
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1500), property);

        Assert.True(accepted > 200 && refused > 200, $"the generators should give both kinds plenty: {accepted} accepted, {refused} refused");
    }

    private static Gen<string> Events =>
        Gen.OneOf(ViolationIssued, ViolationOverturned, CreatorUpserted, NoticeSent, CreatorErased)
            .SelectMany(fields => Gen.Frequency((30, Gen.Constant(fields)), (1, Gen.Elements("[]", "\"event\"", "42", "null"))));

    // Each generator yields the event's JSON text; a field is a ("name", JSON value) pair or left out.
    private static Gen<string> ViolationIssued =>
        Envelope("violation.issued", "violation", Obj(
            ("id", Required(Id)), ("creatorId", Required(Id)), ("policyCode", Required(Maybe(Gen.Elements("\"dangerous-acts\"", "\"spam\""), Gen.Elements("\"\"", "\"  \"", "7")))),
            ("surface", Required(Surface)), ("contentId", Required(Id)), ("issuedAt", Required(Date)), ("message", Optional(Text(2000)))));

    private static Gen<string> ViolationOverturned => Envelope("violation.overturned", "violation", Obj(("id", Required(Id)), ("creatorId", Required(Id))));

    private static Gen<string> CreatorUpserted =>
        Envelope("creator.upserted", "creator", Obj(
            ("id", Required(Id)),
            ("email", Required(Maybe(Gen.Elements("\"ana@shop.example\"", "\"b.lee+news@mail.example.org\""), Gen.Elements("\"no-at-sign\"", "\"\"", "\" \"", "true")))),
            ("displayName", Required(Text(200))),
            ("locale", Optional(Maybe(Gen.Elements("\"en-GB\"", "\"de\"", "\"\""), Gen.Elements(Json(new string('x', 36)), "1")))),
            ("timeZone", Optional(Maybe(Gen.Elements("\"Europe/Berlin\"", "\"Asia/Tokyo\"", "\"America/New_York\""), Gen.Elements(Json(new string('x', 65)), "false")))),
            ("emailPreferences", Optional(Maybe(
                Obj(("milestoneAlerts", Optional(Gen.Elements("true", "false"))), ("weeklyReports", Optional(Gen.Elements("true", "false")))),
                Gen.Elements("\"yes\"", "[]", "{\"weeklyReports\":\"no\"}", "{\"milestoneAlerts\":1}"))))));

    private static Gen<string> NoticeSent =>
        Envelope("notice.sent", "notice", Obj(
            ("id", Required(Id)), ("creatorId", Required(Id)), ("surface", Required(Surface)), ("contentId", Optional(Id)), ("sentAt", Required(Date)),
            ("title", Required(Text(200))), ("body", Required(Text(4000)))));

    private static Gen<string> CreatorErased => Envelope("creator.erased", "creator", Obj(("id", Required(Id))));

    private static Gen<string> Envelope(string type, string member, Gen<string> body) =>
        Obj(
            ("eventId", Required(Id)),
            ("type", Required(Maybe(Gen.Constant(Json(type)), Gen.Elements("\"violation.deleted\"", "\"\"", "1", Json(type.ToUpperInvariant())), validWeight: 12))),
            ("occurredAt", Required(Date)),
            (member, Required(Maybe(body, Gen.Elements("\"x\"", "[]", "7"), validWeight: 20))));

    /// <summary>An object of the fields that are present (a field generator yields null for "left out").</summary>
    private static Gen<string> Obj(params (string Name, Gen<string?> Value)[] fields) =>
        Gen.CollectToArray(fields.Select(f => f.Value.Select(v => v is null ? null : $"{Json(f.Name)}:{v}")))
            .Select(parts => "{" + string.Join(",", parts.Where(p => p is not null)) + "}");

    private static Gen<string> Id => Maybe(
        Gen.Elements("a", "v-1", "creator_42", "live:9", "évt.1", "A-Z", new string('i', 128)).Select(Json),
        Gen.Elements("", " ", "a/b", "a\\b", "a?b", "a#b", "a b", "a\tb", "a\u0001b", "a\u007fb", new string('i', 129)).Select(Json).Or(Gen.Constant("42")));

    private static Gen<string> Surface => Maybe(Gen.Elements("\"livestream\"", "\"video\""), Gen.Elements("\"radio\"", "\"\"", "\"Video\"", "3"));

    private static Gen<string> Date => Maybe(ValidDate, Gen.Elements(
        "\"yesterday\"", "\"2026-11-20\"", "\"2026-11-20T10:00:00\"", "\"2026-13-01T00:00:00Z\"", "\"1999-12-31T23:59:59Z\"",
        "\"2026-11-20 10:00:00Z\"", "\"2026-11-20T25:00:00Z\"", "1700000000", "\"\""));

    private static Gen<string> ValidDate =>
        from year in Gen.Choose(2000, 2025)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, 28)
        from hour in Gen.Choose(0, 23)
        from minute in Gen.Choose(0, 59)
        from fraction in Gen.Elements("", ".5", ".123", ".123456789")
        from offset in Gen.Elements("Z", "+00:00", "+01:00", "-05:30", "+14:00")
        select Json($"{year:D4}-{month:D2}-{day:D2}T{hour:D2}:{minute:D2}:07{fraction}{offset}");

    /// <summary>Text of at most <paramref name="max"/> characters that has something in it, or broken: empty, blank, too long, not a string.</summary>
    private static Gen<string> Text(int max) => Maybe(
        Gen.Elements("Title", " padded ", "Ünïcode ✓", new string('t', max)).Select(Json),
        Gen.Elements("", "   ", new string('t', max + 1)).Select(Json).Or(Gen.Elements("5", "{}")));

    /// <summary>Usually a valid value, sometimes a broken one.</summary>
    private static Gen<string> Maybe(Gen<string> valid, Gen<string> broken, int validWeight = 8) =>
        Gen.Frequency((validWeight, valid), (1, broken));

    private static Gen<string?> Required(Gen<string> value) =>
        Gen.Frequency((25, value.Select(v => (string?)v)), (1, Gen.Elements<string?>(null, "null")));

    /// <summary>Present, explicitly null, or left out: all three are fine for an optional field.</summary>
    private static Gen<string?> Optional(Gen<string> value) =>
        Gen.Frequency((3, value.Select(v => (string?)v)), (1, Gen.Elements<string?>(null, "null")));


    private static string Json(string value) => JsonSerializer.Serialize(value);
}
