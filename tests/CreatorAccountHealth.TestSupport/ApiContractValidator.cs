using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Contract;
using Json.Schema;
using Xunit;

namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// Checks an HTTP response against the published OpenAPI document: the status is one the operation documents, the
/// content type one that status documents, the body validates against its JSON Schema, and every header the document
/// marks required is there. The integration harness and the end-to-end HTTP client send every response they see
/// through here, so the whole suite is the contract test.
/// </summary>
public sealed class ApiContractValidator
{
    private const string RoutePrefix = "/api";

    private readonly JsonObject document;
    private readonly List<(Regex Pattern, string Template, JsonObject PathItem)> paths;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    private ApiContractValidator(JsonObject document)
    {
        this.document = document;
        paths = document["paths"]!.AsObject()
            .Select(p => (TemplatePattern(p.Key), p.Key, p.Value!.AsObject()))
            // Literal segments win over parameters (…/reports/latest before …/reports/{reportId}), as in the router.
            .OrderBy(p => p.Key.Count(c => c == '{'))
            .ToList();
    }

    public static ApiContractValidator Instance { get; } = new(ApiContract.OpenApi());

    /// <summary>The documented operation a request reaches, by method and path (with or without the <c>/api</c> prefix).</summary>
    public Operation Find(string method, string path)
    {
        var relative = path.StartsWith(RoutePrefix + "/", StringComparison.Ordinal) ? path[RoutePrefix.Length..] : path;
        foreach (var (pattern, template, item) in paths)
        {
            if (pattern.IsMatch(relative))
            {
                var operation = item[method.ToLowerInvariant()]?.AsObject();
                Assert.True(operation is not null, $"The API contract documents {template} but not {method.ToUpperInvariant()} on it (request {method} {path}).");
                return new Operation(method.ToUpperInvariant(), template, operation!);
            }
        }

        Assert.Fail($"{method} {path}: no path of the API contract (functions/CreatorAccountHealth.Functions/Contract/openapi.json) matches it.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The documented operation with this <c>operationId</c> (the function's name).</summary>
    public Operation ById(string operationId)
    {
        foreach (var (_, template, item) in paths)
        {
            foreach (var (method, value) in item)
            {
                if (value is JsonObject op && (string?)op["operationId"] == operationId)
                {
                    return new Operation(method.ToUpperInvariant(), template, op);
                }
            }
        }

        Assert.Fail($"No operation of the API contract has operationId '{operationId}': document the function in functions/CreatorAccountHealth.Functions/Contract/openapi.json.");
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Fails the test, naming the operation and what is off, unless the response is one the contract documents.</summary>
    public void AssertResponse(Operation operation, int status, string? contentType, Func<string, bool> hasHeader, string body)
    {
        var what = $"{operation.Method} {operation.Template} ({operation.Id}) answered {status}";
        var responses = operation.Node["responses"]!.AsObject();
        var response = responses[status.ToString()] ?? responses[$"{status / 100}XX"] ?? responses["default"];
        Assert.True(response is not null, $"{what}, which the contract doesn't document (documented: {string.Join(", ", responses.Select(r => r.Key))}). Body: {Shorten(body)}");
        var resolved = Resolve(response!).AsObject();

        if (resolved["headers"] is JsonObject headers)
        {
            foreach (var (name, header) in headers)
            {
                if (Resolve(header!)["required"]?.GetValue<bool>() == true)
                {
                    Assert.True(hasHeader(name), $"{what} without the header {name} the contract requires.");
                }
            }
        }

        var content = resolved["content"] as JsonObject;
        if (content is null || content.Count == 0)
        {
            Assert.True(body.Length == 0, $"{what} with a body, but the contract documents none: {Shorten(body)}");
            return;
        }

        var mediaType = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        var media = mediaType is null ? null : content[mediaType];
        Assert.True(media is not null, $"{what} as '{contentType}', but the contract documents {string.Join(", ", content.Select(c => c.Key))}.");
        if (!mediaType!.EndsWith("json", StringComparison.Ordinal) || media!["schema"] is not JsonNode schemaNode)
        {
            return;
        }

        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException e)
        {
            Assert.Fail($"{what} with a body that isn't JSON ({e.Message}): {Shorten(body)}");
            return;
        }

        var pointer = $"{operation.Method} {operation.Template} {status} {mediaType}";
        var errors = Validate(pointer, schemaNode, instance);
        Assert.True(errors.Count == 0, $"{what} with a body the contract's schema refuses:\n  {string.Join("\n  ", errors)}\nBody: {Shorten(body)}");
    }

    /// <summary>What is wrong with <paramref name="instance"/> under a schema of the document (empty when it is valid).</summary>
    public IReadOnlyList<string> Validate(string cacheKey, JsonNode schemaNode, JsonNode? instance)
    {
        var schema = schemas.GetOrAdd(cacheKey, _ => JsonSchema.FromText(ApiContract.Standalone(document, schemaNode).ToJsonString()));
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} (schema {d.EvaluationPath})"))
                .ToList();
    }

    private JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            node = reference.TrimStart('#', '/').Split('/')
                .Select(s => s.Replace("~1", "/").Replace("~0", "~"))
                .Aggregate((JsonNode)document, (current, segment) => current[segment] ?? throw new InvalidOperationException($"Unresolvable $ref {reference}."));
        }

        return node;
    }

    private static Regex TemplatePattern(string template) =>
        new("^" + Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+") + "$", RegexOptions.CultureInvariant);

    private static string Shorten(string body) => body.Length <= 600 ? body : body[..600] + "…";

    public sealed record Operation(string Method, string Template, JsonObject Node)
    {
        public string Id => (string?)Node["operationId"] ?? "no operationId";
    }
}
