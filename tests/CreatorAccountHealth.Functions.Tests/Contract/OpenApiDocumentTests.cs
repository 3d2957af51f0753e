using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Contract;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Contract;

/// <summary>
/// The published document against the code, both ways: every HTTP function the Functions host sees
/// (functions.metadata) is an operation of the document with the same method, path and name, and the document has
/// nothing else; every platform event type the parser knows is a webhook of the document, and nothing else.
/// </summary>
public class OpenApiDocumentTests
{
    private static readonly JsonObject Document = ApiContract.OpenApi();

    [Fact]
    public void Every_http_function_is_an_operation_of_the_document_and_the_document_has_nothing_else()
    {
        var functions = HttpFunctions().ToHashSet();
        var documented = Operations().Select(o => (o.Method, o.Path, o.OperationId)).ToHashSet();

        var undocumented = functions.Except(documented).Select(f => $"{f.Method} {f.Path} (function {f.OperationId})").ToList();
        var unserved = documented.Except(functions).Select(o => $"{o.Method} {o.Path} (operationId {o.OperationId})").ToList();

        Assert.True(undocumented.Count == 0,
            "functions.metadata has HTTP functions the contract doesn't document; add each to paths in functions/CreatorAccountHealth.Functions/Contract/openapi.json, operationId = the function's name:\n  "
            + string.Join("\n  ", undocumented));
        Assert.True(unserved.Count == 0,
            "The contract documents operations no function serves (or under another name, method or route):\n  " + string.Join("\n  ", unserved));
    }

    [Fact]
    public void Every_platform_event_type_is_a_webhook_of_the_document_and_the_document_has_nothing_else()
    {
        var webhooks = Document["webhooks"]!.AsObject().Select(w => w.Key).Order();

        Assert.Equal(EventTypes.All.Order(), webhooks);
    }

    [Fact]
    public void The_document_is_openapi_3_1_and_every_reference_in_it_resolves()
    {
        Assert.Equal("3.1.0", (string?)Document["openapi"]);
        var unresolved = References(Document).Where(r => Resolve(r) is null).Distinct().ToList();

        Assert.True(unresolved.Count == 0, "Unresolved $refs: " + string.Join(", ", unresolved));
    }

    [Fact]
    public void Creator_routes_need_the_creator_token_page_routes_a_session_or_token_admin_routes_the_admin_role_the_webhook_its_signature_and_the_rest_nothing()
    {
        foreach (var (method, path, id, operation) in Operations())
        {
            var security = (operation["security"] ?? Document["security"])!.ToJsonString();
            var responses = operation["responses"]!.AsObject();
            var what = $"{method} {path}";
            if (path.StartsWith("/creators/", StringComparison.Ordinal))
            {
                Assert.True(security == """[{"creatorToken":[]}]""", $"{what}: {security}");
                Assert.True(responses.ContainsKey("401"), $"{what} documents no 401");
                Assert.True(responses.ContainsKey("404"), $"{what} documents no 404 (another creator's token)");
            }
            else if (path.StartsWith("/admin/", StringComparison.Ordinal))
            {
                Assert.True(security == """[{"adminToken":["account-health.admin"]}]""", $"{what}: {security}");
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{what} documents no 401 and 403");
            }
            else if (path == "/account" || (path.StartsWith("/account/", StringComparison.Ordinal) && path != "/account/enter"))
            {
                // The page is the caller's own (no creator id in the URL): their session cookie, or their bearer token.
                Assert.True(security == """[{"accountSession":[]},{"creatorToken":[]}]""", $"{what}: {security}");
                Assert.True(responses.ContainsKey("401"), $"{what} documents no 401 (no session)");
            }
            else if (path == "/webhooks/platform")
            {
                Assert.True(security == """[{"webhookSignature":[],"webhookTimestamp":[]}]""", $"{what}: {security}");
                Assert.True(responses.ContainsKey("401"), $"{what} documents no 401");
            }
            else
            {
                Assert.True(security == "[]", $"{what} ({id}) should be anonymous: {security}");
            }
        }
    }

    [Fact]
    public void Every_storage_backed_operation_documents_its_503_with_retry_after()
    {
        // The documents and the unsubscribe confirm page read no storage (the page checks the link's signature only).
        var anonymousDocuments = new[] { "GetOpenApiDocument", "GetPlatformEventSchemas", "ShowUnsubscribe" };
        foreach (var (method, path, id, operation) in Operations().Where(o => !anonymousDocuments.Contains(o.OperationId)))
        {
            var unavailable = operation["responses"]!["503"];
            Assert.True(unavailable is not null, $"{method} {path} documents no 503");
            var headers = Resolve(unavailable!["$ref"]?.GetValue<string>() ?? "")?["headers"] ?? unavailable["headers"];
            Assert.True(headers?["Retry-After"] is not null, $"{method} {path}: its 503 has no Retry-After");
        }
    }

    /// <summary>The function's name, method and route as the document spells them: the route prefix is the server URL,
    /// and a parameter constrained to one literal (<c>{area:regex(^admin$)}</c>, the host's way to allow /admin) is that literal.</summary>
    private static IEnumerable<(string Method, string Path, string OperationId)> HttpFunctions()
    {
        var path = Path.Combine(RepoPaths.BuildOutput("CreatorAccountHealth.Functions"), "functions.metadata");
        using var metadata = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger"))
            {
                var route = "/" + Regex.Replace(binding.GetProperty("route").GetString()!, @"\{[^}:]+:regex\(\^([A-Za-z0-9-]+)\$\)\}", "$1");
                route = Regex.Replace(route, @"\{([^}:]+):[^}]+\}", "{$1}");
                foreach (var method in binding.GetProperty("methods").EnumerateArray())
                {
                    yield return (method.GetString()!.ToUpperInvariant(), route, function.GetProperty("name").GetString()!);
                }
            }
        }
    }

    private static IEnumerable<(string Method, string Path, string OperationId, JsonObject Operation)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(m => m.Key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options")
            .Select(m => (m.Key.ToUpperInvariant(), p.Key, (string?)m.Value!["operationId"] ?? "", m.Value.AsObject())));

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "$ref" ? [p.Value!.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static JsonNode? Resolve(string reference) =>
        reference.StartsWith("#/", StringComparison.Ordinal)
            ? reference[2..].Split('/').Select(s => s.Replace("~1", "/").Replace("~0", "~"))
                .Aggregate((JsonNode?)Document, (current, segment) => current?[segment])
            : null;
}
