using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// Stores instants as Cosmos DB recommends, <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>: fixed width, so string order is
/// time order and range filters on dates work.
/// </summary>
public sealed class CosmosInstantConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'");

    public static string Format(Instant instant) => Pattern.Format(instant);

    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The fixed-width form is ISO 8601, which the reader parses without allocating; NodaTime's pattern is the fallback.
        if (reader.TryGetDateTimeOffset(out var parsed))
        {
            return Instant.FromDateTimeOffset(parsed);
        }

        var text = reader.GetString() ?? throw new JsonException("Expected an instant.");
        var result = Pattern.Parse(text);
        if (result.Success)
        {
            return result.Value;
        }

        // Tolerate documents written by hand or other tools in any ISO form.
        return Instant.FromDateTimeOffset(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        // A UTC DateTime's round-trip format ("O") is exactly this fixed-width form, written without a string.
        Span<byte> utf8 = stackalloc byte[28];
        if (value >= MinFast && value <= MaxFast && value.ToDateTimeUtc().TryFormat(utf8, out var written, "O", CultureInfo.InvariantCulture) && written == 28)
        {
            writer.WriteStringValue(utf8);
            return;
        }

        writer.WriteStringValue(Pattern.Format(value));
    }

    private static readonly Instant MinFast = Instant.FromUtc(1, 1, 1, 0, 0);

    private static readonly Instant MaxFast = Instant.FromUtc(9999, 12, 31, 23, 59, 59);
}
