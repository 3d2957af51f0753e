using System.Text.Json;
using System.Text.Json.Nodes;

namespace CreatorAccountHealth.Functions.Contract;

/// <summary>
/// The published API contract: <c>openapi.json</c> beside this file (written by hand, embedded in the assembly) and
/// the platform events' JSON Schema, which is cut out of that document so the two can't disagree.
/// </summary>
public static class ApiContract
{
    public const string JsonSchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>The schema under <c>components/schemas</c> that accepts any platform event.</summary>
    public const string PlatformEventSchema = "PlatformEvent";

    private const string ComponentsPrefix = "#/components/schemas/";

    private static readonly Lazy<byte[]> Document = new(() =>
    {
        using var stream = typeof(ApiContract).Assembly.GetManifestResourceStream("CreatorAccountHealth.Functions.Contract.openapi.json")
            ?? throw new InvalidOperationException("The embedded OpenAPI document is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    private static readonly Lazy<byte[]> EventSchemas = new(() => JsonSerializer.SerializeToUtf8Bytes(BuildPlatformEventSchemas(OpenApi())));

    /// <summary>The OpenAPI 3.1 document as served.</summary>
    public static ReadOnlyMemory<byte> OpenApiBytes => Document.Value;

    /// <summary>The platform events as one JSON Schema 2020-12 document, as served.</summary>
    public static ReadOnlyMemory<byte> PlatformEventSchemaBytes => EventSchemas.Value;

    /// <summary>A fresh, mutable copy of the OpenAPI document.</summary>
    public static JsonObject OpenApi() => JsonNode.Parse(Document.Value)!.AsObject();

    /// <summary>A fresh copy of the platform events' JSON Schema.</summary>
    public static JsonObject PlatformEventSchemas() => JsonNode.Parse(EventSchemas.Value)!.AsObject();

    /// <summary>
    /// A standalone JSON Schema for one schema of the document: the schema itself at the root, every component it
    /// reaches (transitively) under <c>$defs</c>, and <c>#/components/schemas/X</c> references rewritten to <c>#/$defs/X</c>.
    /// </summary>
    public static JsonObject Standalone(JsonObject openApi, JsonNode schema)
    {
        var components = openApi["components"]!["schemas"]!.AsObject();
        var defs = new JsonObject();
        var pending = new Queue<string>(References(schema));
        while (pending.TryDequeue(out var name))
        {
            if (defs.ContainsKey(name))
            {
                continue;
            }

            var component = components[name] ?? throw new InvalidOperationException($"The contract refers to a schema '{name}' it doesn't define.");
            defs[name] = Rewrite(component.DeepClone());
            foreach (var reference in References(component))
            {
                pending.Enqueue(reference);
            }
        }

        var root = Rewrite(schema.DeepClone()) as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(Rewrite(schema.DeepClone())) };
        root["$schema"] = JsonSchemaDialect;
        root["$defs"] = defs;
        return root;
    }

    private static JsonObject BuildPlatformEventSchemas(JsonObject openApi)
    {
        var schema = Standalone(openApi, new JsonObject { ["$ref"] = ComponentsPrefix + PlatformEventSchema });
        var ordered = new JsonObject
        {
            ["$schema"] = JsonSchemaDialect,
            ["title"] = "Creator Account Health platform events",
            ["description"] = "The body of every event the platform POSTs to /api/webhooks/platform, signed with X-Webhook-Timestamp and X-Webhook-Signature (see the OpenAPI document's webhookSignature scheme at /api/openapi.json).",
        };
        foreach (var (key, value) in schema.ToList())
        {
            if (key != "$schema")
            {
                schema.Remove(key);
                ordered[key] = value;
            }
        }

        return ordered;
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" && p.Value?.GetValue<string>() is { } r && r.StartsWith(ComponentsPrefix, StringComparison.Ordinal)
            ? [r[ComponentsPrefix.Length..]]
            : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o.ToList())
                {
                    if (key == "$ref" && value?.GetValue<string>() is { } r && r.StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                    {
                        o[key] = "#/$defs/" + r[ComponentsPrefix.Length..];
                    }
                    else
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Rewrite(item);
                }

                break;
        }

        return node;
    }
}
