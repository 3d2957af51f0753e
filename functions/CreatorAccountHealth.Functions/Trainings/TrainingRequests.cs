using System.Text.Json;
using CreatorAccountHealth.Domain.Trainings;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>A body's field errors (JSON paths → messages), or the parsed value.</summary>
public sealed record Parsed<T>(T? Value, IReadOnlyDictionary<string, string[]> Errors, bool Malformed = false)
{
    public bool IsValid => !Malformed && Errors.Count == 0;
}

/// <summary>Parses the trainings API's request bodies by hand, so every field at fault can be named in the 400.</summary>
public static class TrainingRequests
{
    public const int MaxIds = Workshop.MaxInvitations;

    public static Parsed<WorkshopDetails> Details(ReadOnlyMemory<byte> body)
    {
        if (Root(body) is not { } root)
        {
            return Malformed<WorkshopDetails>();
        }

        var errors = new Errors();
        var title = errors.String(root, "title");
        var city = errors.String(root, "city");
        var venue = errors.String(root, "venue");
        var startsAt = errors.Instant(root, "startsAt");
        var endsAt = errors.Instant(root, "endsAt");
        var timeZone = errors.String(root, "timeZone");
        var capacity = errors.Int(root, "capacity");
        var agenda = errors.String(root, "agenda", required: false);
        var teams = new List<WorkshopTeam>();
        if (!root.TryGetProperty("teams", out var teamsJson) || teamsJson.ValueKind == JsonValueKind.Null)
        {
            // No teams on site is allowed: the workshop then offers no team picks.
        }
        else if (teamsJson.ValueKind != JsonValueKind.Array)
        {
            errors.Add("teams", "Must be an array of {team, topics}.");
        }
        else
        {
            var i = 0;
            foreach (var team in teamsJson.EnumerateArray())
            {
                var path = $"teams[{i++}]";
                if (team.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(path, "Must be an object {team, topics}.");
                    continue;
                }

                var name = errors.String(team, "team", prefix: path + ".");
                var topics = errors.Strings(team, "topics", prefix: path + ".", required: false) ?? [];
                teams.Add(new WorkshopTeam(name ?? "", topics));
            }
        }

        int? slotCount = null, slotMinutes = null;
        if (!root.TryGetProperty("mockLivestreamSlots", out var slots) || slots.ValueKind != JsonValueKind.Object)
        {
            errors.Add("mockLivestreamSlots", "Required: {count, minutes} (count 0 for none).");
        }
        else
        {
            slotCount = errors.Int(slots, "count", prefix: "mockLivestreamSlots.");
            slotMinutes = errors.Int(slots, "minutes", prefix: "mockLivestreamSlots.");
        }

        // The details as far as they parsed, so the domain's checks name every other field at fault in the same answer.
        var details = new WorkshopDetails(
            title?.Trim() ?? "", city?.Trim() ?? "", venue?.Trim() ?? "", startsAt ?? default, endsAt ?? default, timeZone ?? "UTC", capacity ?? 1,
            string.IsNullOrWhiteSpace(agenda) ? null : agenda, teams.Select(t => t with { Team = t.Team.Trim() }).ToList(),
            new MockLivestreamSlots(slotCount ?? 0, slotMinutes ?? 5));
        var timesParsed = startsAt is not null && endsAt is not null;
        foreach (var (field, messages) in details.Problems())
        {
            var dependsOnTimes = field is "endsAt" or "mockLivestreamSlots";
            if (!errors.Has(field) && (timesParsed || !dependsOnTimes) && !(field.StartsWith("mockLivestreamSlots", StringComparison.Ordinal) && errors.Has("mockLivestreamSlots")))
            {
                foreach (var message in messages)
                {
                    errors.Add(field, message);
                }
            }
        }

        return errors.Count > 0 ? new(null, errors.ToDictionary()) : new(details, errors.ToDictionary());
    }

    /// <summary><c>{creatorIds?, rule?}</c>: at least one of them.</summary>
    public static Parsed<(IReadOnlyList<string> CreatorIds, InvitationRule? Rule)> Invitations(ReadOnlyMemory<byte> body)
    {
        if (Root(body) is not { } root)
        {
            return Malformed<(IReadOnlyList<string>, InvitationRule?)>();
        }

        var errors = new Errors();
        var ids = errors.Strings(root, "creatorIds", required: false) ?? [];
        if (ids.Count > MaxIds)
        {
            errors.Add("creatorIds", $"At most {MaxIds} creator ids per call.");
        }

        InvitationRule? rule = null;
        if (root.TryGetProperty("rule", out var ruleJson) && ruleJson.ValueKind != JsonValueKind.Null)
        {
            if (ruleJson.ValueKind != JsonValueKind.Object)
            {
                errors.Add("rule", """Must be an object: {"policyCodes": [...], "withinDays": N} and/or {"milestone": "<key>"}.""");
            }
            else
            {
                rule = new InvitationRule(
                    errors.Strings(ruleJson, "policyCodes", prefix: "rule.", required: false),
                    errors.Int(ruleJson, "withinDays", prefix: "rule.", required: false),
                    errors.String(ruleJson, "milestone", prefix: "rule.", required: false));
            }
        }

        if (!root.TryGetProperty("creatorIds", out _) && rule is null && errors.Count == 0)
        {
            errors.Add("creatorIds", "Give creatorIds, a rule, or both.");
        }

        return new((ids, rule), errors.ToDictionary());
    }

    /// <summary><c>{creatorId}</c>.</summary>
    public static Parsed<string> CreatorId(ReadOnlyMemory<byte> body)
    {
        if (Root(body) is not { } root)
        {
            return Malformed<string>();
        }

        var errors = new Errors();
        var id = errors.String(root, "creatorId");
        return new(id, errors.ToDictionary());
    }

    /// <summary>An empty body, or <c>{"teams": [...]}</c>: the teams the creator wants to talk to.</summary>
    public static Parsed<IReadOnlyList<string>> Registration(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty || body.Span.Trim((byte)' ').IsEmpty)
        {
            return new([], new Dictionary<string, string[]>());
        }

        if (Root(body) is not { } root)
        {
            return Malformed<IReadOnlyList<string>>();
        }

        var errors = new Errors();
        var teams = errors.Strings(root, "teams", required: false) ?? [];
        return new(teams, errors.ToDictionary());
    }

    /// <summary><c>{"slotId": "slot-N"}</c>.</summary>
    public static Parsed<string> SlotId(ReadOnlyMemory<byte> body)
    {
        if (Root(body) is not { } root)
        {
            return Malformed<string>();
        }

        var errors = new Errors();
        var id = errors.String(root, "slotId");
        return new(id, errors.ToDictionary());
    }

    private static Parsed<T> Malformed<T>() => new(default, new Dictionary<string, string[]>(), Malformed: true);

    private static JsonElement? Root(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> errors = [];

        public int Count => errors.Count;

        public bool Has(string field) => errors.ContainsKey(field);

        public void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

        public string? String(JsonElement obj, string name, string prefix = "", bool required = true)
        {
            if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add(prefix + name, "Required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.String || (required && string.IsNullOrWhiteSpace(value.GetString())))
            {
                Add(prefix + name, "Must be a non-empty string.");
                return null;
            }

            return value.GetString();
        }

        public int? Int(JsonElement obj, string name, string prefix = "", bool required = true)
        {
            if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add(prefix + name, "Required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Add(prefix + name, "Must be a whole number.");
                return null;
            }

            return number;
        }

        public Instant? Instant(JsonElement obj, string name)
        {
            var text = String(obj, name);
            if (text is null)
            {
                return null;
            }

            var parsed = OffsetDateTimePattern.ExtendedIso.Parse(text);
            if (!parsed.Success)
            {
                Add(name, $"'{text}' is not an ISO-8601 date and time with an offset (for example '2027-03-10T09:00:00+01:00').");
                return null;
            }

            return parsed.Value.ToInstant();
        }

        public IReadOnlyList<string>? Strings(JsonElement obj, string name, string prefix = "", bool required = true)
        {
            if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    Add(prefix + name, "Required.");
                }

                return null;
            }

            if (value.ValueKind != JsonValueKind.Array
                || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
            {
                Add(prefix + name, "Must be an array of non-empty strings.");
                return null;
            }

            return value.EnumerateArray().Select(e => e.GetString()!).ToList();
        }
    }
}
