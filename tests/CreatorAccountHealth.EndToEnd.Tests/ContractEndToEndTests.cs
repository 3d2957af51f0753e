using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Contract;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>The contract is served by the running app, anonymously, as the document the tests check against.</summary>
public sealed class ContractEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task The_openapi_document_and_the_event_schemas_are_served_without_credentials()
    {
        using var document = await app.Http.GetAsync("/api/openapi.json");
        using var events = await app.Http.GetAsync("/api/schemas/platform-events.json");

        Assert.Equal(System.Net.HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(ApiContract.OpenApi().ToJsonString(), JsonNode.Parse(await document.Content.ReadAsStringAsync())!.ToJsonString());
        Assert.Equal(System.Net.HttpStatusCode.OK, events.StatusCode);
        Assert.Equal("application/schema+json", events.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ApiContract.PlatformEventSchemas().ToJsonString(), JsonNode.Parse(await events.Content.ReadAsStringAsync())!.ToJsonString());
    }
}
