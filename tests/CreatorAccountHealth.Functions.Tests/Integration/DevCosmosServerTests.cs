using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>The local Cosmos DB protocol server (functions/devservers/cosmos.mjs) behaves as Cosmos DB where the app relies on it.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class DevCosmosServerTests(CosmosServer cosmos)
{
    /// <summary>
    /// Resource ids are base64; upstream wrote them with '/', which splits the SDK's partition-key-range request for
    /// such a container, so its queries failed with 404 "stale cache". Which database gets such an id depends only on
    /// how many were created before it on the server (the 127th does): create databases until one has an id with the
    /// character that stands for '/', and query a container in it.
    /// </summary>
    [Fact]
    public async Task Single_partition_queries_work_whatever_the_resource_id()
    {
        await using var app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        var client = app.Services.GetRequiredService<CosmosContainers>().Database.Client;

        for (var i = 0; i < 300; i++)
        {
            var name = cosmos.NewDatabaseName();
            DatabaseResponse created = await client.CreateDatabaseAsync(name);
            try
            {
                // "dbs/{rid}/", with or without a leading '/'.
                var rid = created.Resource.SelfLink.Trim('/')["dbs/".Length..];
                if (!rid.Contains('-', StringComparison.Ordinal) && !rid.Contains('/', StringComparison.Ordinal))
                {
                    continue;
                }

                Container container = await created.Database.CreateContainerAsync("c", "/pk");
                await container.CreateItemAsync(new { id = "doc", pk = "p" }, new PartitionKey("p"));
                var query = new QueryDefinition("SELECT c.id FROM c WHERE c.pk = @pk").WithParameter("@pk", "p");
                using var iterator = container.GetItemQueryIterator<IdOnly>(query, requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey("p") });
                Assert.Equal("doc", Assert.Single(await iterator.ReadNextAsync()).Id);
                return;
            }
            finally
            {
                await created.Database.DeleteAsync();
            }
        }

        Assert.Fail("No database among 300 got a resource id with '-' (or '/'): the test no longer covers what it is for.");
    }

    private sealed record IdOnly(string Id);
}
