using System.Net.Mail;
using System.Text.Json;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Webhooks;

/// <summary>Either a valid event or every field at fault, keyed by its path (<c>violation.policyCode</c>).</summary>
public sealed record ParseResult(PlatformEvent? Event, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Event is not null;
}

/// <summary>
/// Turns a verified webhook body into a <see cref="PlatformEvent"/>. It reports every problem at once, so the
/// platform's developers can fix a payload in one round trip.
/// </summary>
public sealed class PlatformEventParser(PolicyCatalog catalog)
{
    public const int MaxIdLength = 128;

    /// <summary>Dates further ahead than this are a sender bug, not clock skew.</summary>
    private static readonly Duration MaxFutureSkew = Duration.FromHours(24);

    private static readonly Instant EarliestPlausible = Instant.FromUtc(2000, 1, 1, 0, 0);

    public ParseResult Parse(ReadOnlyMemory<byte> body, Instant now)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            return Failed("$", $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed("$", "The body must be a JSON object.");
            }

            var reader = new FieldReader(now);
            var eventId = reader.Id(root, "eventId");
            var type = reader.String(root, "type", maxLength: 64);
            var occurredAt = reader.Instant(root, "occurredAt");

            PlatformEvent? platformEvent = type switch
            {
                EventTypes.ViolationIssued => ViolationIssued(reader, root, eventId, occurredAt),
                EventTypes.ViolationOverturned => ViolationOverturned(reader, root, eventId, occurredAt),
                EventTypes.CreatorUpserted => CreatorUpserted(reader, root, eventId, occurredAt),
                EventTypes.NoticeSent => NoticeSent(reader, root, eventId, occurredAt),
                EventTypes.CreatorErased => CreatorErased(reader, root, eventId, occurredAt),
                null => null,
                _ => reader.Fail("type", $"Unknown event type '{type}'. Expected one of: {string.Join(", ", EventTypes.All)}."),
            };

            return reader.HasErrors ? new ParseResult(null, reader.Errors) : new ParseResult(platformEvent, reader.Errors);
        }
    }

    private PlatformEvent? ViolationIssued(FieldReader r, JsonElement root, string? eventId, Instant? occurredAt)
    {
        if (r.Object(root, "violation") is not { } v)
        {
            return null;
        }

        var id = r.Id(v, "violation.id");
        var creatorId = r.Id(v, "violation.creatorId");
        var policyCode = r.String(v, "violation.policyCode", maxLength: MaxIdLength);
        var surface = r.Surface(v, "violation.surface", required: true);
        var contentId = r.Id(v, "violation.contentId");
        var issuedAt = r.Instant(v, "violation.issuedAt");
        var message = r.OptionalString(v, "violation.message", maxLength: 2000);

        PolicyDefinition? policy = null;
        if (policyCode is not null && !catalog.TryGet(policyCode, out policy))
        {
            r.Fail("violation.policyCode", $"Unknown policy code '{policyCode}'.");
        }

        if (r.HasErrors)
        {
            return null;
        }

        return new ViolationIssuedEvent(
            eventId!, occurredAt!.Value,
            new Violation(id!, creatorId!, policy!.Code, surface!.Value, contentId!, issuedAt!.Value, policy.Points, message));
    }

    private static PlatformEvent? ViolationOverturned(FieldReader r, JsonElement root, string? eventId, Instant? occurredAt)
    {
        if (r.Object(root, "violation") is not { } v)
        {
            return null;
        }

        var id = r.Id(v, "violation.id");
        var creatorId = r.Id(v, "violation.creatorId");
        return r.HasErrors ? null : new ViolationOverturnedEvent(eventId!, occurredAt!.Value, new Overturn(id!, creatorId!, occurredAt.Value));
    }

    private static PlatformEvent? CreatorUpserted(FieldReader r, JsonElement root, string? eventId, Instant? occurredAt)
    {
        if (r.Object(root, "creator") is not { } c)
        {
            return null;
        }

        var id = r.Id(c, "creator.id");
        var email = r.String(c, "creator.email", maxLength: 254);
        var displayName = r.String(c, "creator.displayName", maxLength: 200);
        var locale = r.OptionalString(c, "creator.locale", maxLength: 35);
        var timeZone = r.OptionalString(c, "creator.timeZone", maxLength: 64);
        var preferences = EmailPreferencesOf(r, c);

        if (email is not null && !IsEmailAddress(email))
        {
            r.Fail("creator.email", $"'{email}' is not an email address.");
        }

        if (timeZone is not null && !CreatorCalendar.IsKnownZone(timeZone))
        {
            r.Fail("creator.timeZone", $"'{timeZone}' is not an IANA time zone id (for example 'Europe/London').");
        }

        return r.HasErrors
            ? null
            : new CreatorUpsertedEvent(eventId!, occurredAt!.Value, new CreatorProfile(id!, email!, displayName!, locale, timeZone, occurredAt.Value, preferences));
    }

    private static PlatformEvent? CreatorErased(FieldReader r, JsonElement root, string? eventId, Instant? occurredAt)
    {
        if (r.Object(root, "creator") is not { } c)
        {
            return null;
        }

        var id = r.Id(c, "creator.id");
        return r.HasErrors ? null : new CreatorErasedEvent(eventId!, occurredAt!.Value, id!);
    }

    /// <summary><c>creator.emailPreferences: {milestoneAlerts?, weeklyReports?}</c>, each true when absent.</summary>
    private static EmailPreferences? EmailPreferencesOf(FieldReader r, JsonElement creator)
    {
        if (!creator.TryGetProperty("emailPreferences", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            r.Fail("creator.emailPreferences", "Must be an object.");
            return null;
        }

        return new EmailPreferences(
            r.OptionalBoolean(value, "creator.emailPreferences.milestoneAlerts") ?? true,
            r.OptionalBoolean(value, "creator.emailPreferences.weeklyReports") ?? true);
    }

    private static PlatformEvent? NoticeSent(FieldReader r, JsonElement root, string? eventId, Instant? occurredAt)
    {
        if (r.Object(root, "notice") is not { } n)
        {
            return null;
        }

        var id = r.Id(n, "notice.id");
        var creatorId = r.Id(n, "notice.creatorId");
        var surface = r.Surface(n, "notice.surface", required: true);
        var contentId = r.OptionalId(n, "notice.contentId");
        var sentAt = r.Instant(n, "notice.sentAt");
        var title = r.String(n, "notice.title", maxLength: 200);
        var text = r.String(n, "notice.body", maxLength: 4000);

        return r.HasErrors
            ? null
            : new NoticeSentEvent(eventId!, occurredAt!.Value, new Notice(id!, creatorId!, surface!.Value, contentId, sentAt!.Value, title!, text!));
    }

    /// <summary>
    /// What is wrong with an id (a creator's, a violation's...), or null when it can be used. Ids become part of storage
    /// keys, where '/', '\', '?' and '#' are not allowed.
    /// </summary>
    public static string? IdProblem(string id) =>
        string.IsNullOrWhiteSpace(id) ? "Must not be empty."
        : id.Length > MaxIdLength ? $"Must be at most {MaxIdLength} characters."
        : id.Any(c => c is '/' or '\\' or '?' or '#' || char.IsControl(c) || char.IsWhiteSpace(c)) ? "Must not contain '/', '\\', '?', '#', spaces or control characters."
        : null;

    private static bool IsEmailAddress(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value && value.Contains('@');

    private static ParseResult Failed(string field, string message) =>
        new(null, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Reads fields and collects what is wrong with them. Paths are dotted: the last segment is the property.</summary>
    private sealed class FieldReader(Instant now)
    {
        private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

        public bool HasErrors => errors.Count > 0;

        public IReadOnlyDictionary<string, string[]> Errors => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

        public PlatformEvent? Fail(string path, string message)
        {
            if (!errors.TryGetValue(path, out var list))
            {
                errors[path] = list = [];
            }

            list.Add(message);
            return null;
        }

        public JsonElement? Object(JsonElement parent, string path)
        {
            if (!parent.TryGetProperty(Name(path), out var value) || value.ValueKind == JsonValueKind.Null)
            {
                Fail(path, "Required.");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail(path, "Must be an object.");
                return null;
            }

            return value;
        }

        public string? String(JsonElement parent, string path, int maxLength) =>
            Text(parent, path, maxLength, required: true);

        public string? OptionalString(JsonElement parent, string path, int maxLength) =>
            Text(parent, path, maxLength, required: false);

        public bool? OptionalBoolean(JsonElement parent, string path)
        {
            if (!parent.TryGetProperty(Name(path), out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.GetBoolean();
            }

            Fail(path, "Must be true or false.");
            return null;
        }

        public string? Id(JsonElement parent, string path) => CheckId(path, String(parent, path, MaxIdLength));

        public string? OptionalId(JsonElement parent, string path) => CheckId(path, OptionalString(parent, path, MaxIdLength));

        public Surface? Surface(JsonElement parent, string path, bool required)
        {
            var value = Text(parent, path, 32, required);
            if (value is null)
            {
                return null;
            }

            if (Surfaces.TryParse(value, out var surface))
            {
                return surface;
            }

            Fail(path, $"Unknown surface '{value}'. Expected one of: {string.Join(", ", Surfaces.WireNames)}.");
            return null;
        }

        public Instant? Instant(JsonElement parent, string path)
        {
            var value = String(parent, path, 64);
            if (value is null)
            {
                return null;
            }

            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(value);
            if (!parsed.Success)
            {
                Fail(path, $"'{value}' is not an ISO-8601 date and time with an offset (for example '2026-11-27T14:30:00Z').");
                return null;
            }

            var instant = parsed.Value.ToInstant();
            if (instant < EarliestPlausible || instant > now + MaxFutureSkew)
            {
                Fail(path, $"'{value}' is outside the accepted range (from 2000-01-01 to 24 hours from now).");
                return null;
            }

            return instant;
        }

        private string? Text(JsonElement parent, string path, int maxLength, bool required)
        {
            if (!parent.TryGetProperty(Name(path), out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Fail(path, "Required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Fail(path, "Must be a string.");
                return null;
            }

            var text = value.GetString()!;
            if (required && string.IsNullOrWhiteSpace(text))
            {
                Fail(path, "Must not be empty.");
                return null;
            }

            if (text.Length > maxLength)
            {
                Fail(path, $"Must be at most {maxLength} characters.");
                return null;
            }

            return text;
        }

        private string? CheckId(string path, string? id)
        {
            if (id is not null && IdProblem(id) is { } problem)
            {
                Fail(path, problem);
                return null;
            }

            return id;
        }

        private static string Name(string path) => path[(path.LastIndexOf('.') + 1)..];
    }
}
