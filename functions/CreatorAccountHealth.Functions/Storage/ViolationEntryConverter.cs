using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// An account's violation as <c>[violationId, policyCode, surface, contentId, issuedAt, points, message?]</c>: the
/// account is read and replaced whole on every event, and a heavy creator's holds a year of violations (invitation
/// rules look 365 days back), so property names would be more than half of it. Reads the object form of schema 1 too,
/// so an older document can still be read far enough to see that it must be rebuilt.
/// </summary>
public sealed class ViolationEntryConverter : JsonConverter<ViolationEntry>
{
    private static readonly CosmosInstantConverter Instants = new();

    public override ViolationEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return ReadObject(ref reader, options);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a violation entry (an array).");
        }

        var id = NextString(ref reader);
        var policyCode = NextString(ref reader);
        var surface = NextString(ref reader);
        var contentId = NextString(ref reader);
        Next(ref reader);
        var issuedAt = Instants.Read(ref reader, typeof(Instant), options);
        Next(ref reader);
        var points = reader.GetInt32();
        Next(ref reader);
        string? message = null;
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            message = reader.GetString();
            Next(ref reader);
        }

        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("A violation entry has at most seven elements.");
        }

        return new ViolationEntry(id, policyCode, surface, contentId, issuedAt, points, message);
    }

    public override void Write(Utf8JsonWriter writer, ViolationEntry value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.ViolationId);
        writer.WriteStringValue(value.PolicyCode);
        writer.WriteStringValue(value.Surface);
        writer.WriteStringValue(value.ContentId);
        Instants.Write(writer, value.IssuedAt, options);
        writer.WriteNumberValue(value.Points);
        if (value.Message is not null)
        {
            writer.WriteStringValue(value.Message);
        }

        writer.WriteEndArray();
    }

    private static ViolationEntry ReadObject(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        string? id = null, policyCode = null, surface = null, contentId = null, message = null;
        Instant issuedAt = default;
        var points = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "violationId": id = reader.GetString(); break;
                case "policyCode": policyCode = reader.GetString(); break;
                case "surface": surface = reader.GetString(); break;
                case "contentId": contentId = reader.GetString(); break;
                case "issuedAt": issuedAt = Instants.Read(ref reader, typeof(Instant), options); break;
                case "points": points = reader.GetInt32(); break;
                case "message": message = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                default: reader.Skip(); break;
            }
        }

        return new ViolationEntry(id ?? "", policyCode ?? "", surface ?? "", contentId ?? "", issuedAt, points, message);
    }

    private static string NextString(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetString() ?? throw new JsonException("A violation entry's text fields are never null.");
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("A violation entry ended early.");
        }
    }
}
