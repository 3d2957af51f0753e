using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CreatorAccountHealth.Functions.Hosting;

/// <summary>
/// The JSON shape of everything the HTTP API writes: camelCase, enums as camelCase strings, instants as ISO-8601
/// UTC (<c>2026-11-27T14:30:00Z</c>), local dates as <c>yyyy-MM-dd</c>. Nulls are written, so a field of the
/// contract is always present. Text is written as is (<c>don't</c>, not <c>don\u0027t</c>): every body is served as
/// JSON, never inlined into HTML, where the default encoder's extra escaping would matter.
/// </summary>
public static class AppJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);

        // First, so it is the one chosen for instants: the same text as NodaTime's, written faster.
        options.Converters.Insert(0, new IsoInstantConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
