using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Contract;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Json.Schema;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Tests.Contract;

/// <summary>The published contract's routes, called through the app's pipeline like any other (they are public).</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class ContractEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private AppHarness app = null!;

    public async Task InitializeAsync() => app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), createDatabase: false);

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task The_openapi_document_is_served_as_json_byte_for_byte()
    {
        var context = Get();

        var response = await app.InvokeAsync<ContractFunctions>(context, (f, r) => f.OpenApi(r));

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType);
        Assert.Equal(ApiContract.OpenApi().ToJsonString(), JsonNode.Parse(response.Body)!.ToJsonString());
    }

    [Fact]
    public async Task The_platform_event_schemas_are_a_json_schema_2020_12_that_takes_the_readmes_example_and_refuses_an_unknown_type()
    {
        var context = Get();

        var response = await app.InvokeAsync<ContractFunctions>(context, (f, r) => f.PlatformEvents(r));
        var schema = JsonSchema.FromText(response.Body);

        Assert.StartsWith("application/schema+json", response.ContentType);
        Assert.Equal(ApiContract.JsonSchemaDialect, (string?)JsonNode.Parse(response.Body)!["$schema"]);
        Assert.All(Functions.Webhooks.EventTypes.All, type => Assert.NotNull(JsonNode.Parse(response.Body)!["$defs"]![Definition(type)]));
        var example = JsonNode.Parse("""
            {"eventId":"evt-1","type":"violation.issued","occurredAt":"2026-11-20T10:00:00Z","violation":{"id":"v-1","creatorId":"creator-1",
             "policyCode":"dangerous-acts","surface":"livestream","contentId":"live-1","issuedAt":"2026-11-20T10:00:00Z"}}
            """);
        Assert.True(schema.Evaluate(example).IsValid);
        example!["type"] = "violation.renamed";
        Assert.False(schema.Evaluate(example).IsValid);
    }

    private static string Definition(string eventType) =>
        string.Concat(eventType.Split('.').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));

    private HttpContext Get() => app.Request(HttpMethods.Get);
}
