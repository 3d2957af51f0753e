using CreatorAccountHealth.Functions.Health;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>When storage can't be reached, callers get 503 with Retry-After (the platform retries) and a reason.</summary>
public sealed class StorageDownTests
{
    [Fact]
    public async Task The_webhook_answers_503_with_retry_after()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var context = app.SignedWebhook(Events.ViolationIssued("evt-1", "creator-a", "v-1"));

        var response = await app.InvokeAsync<PlatformWebhookFunction>(context, (f, r) => f.Run(r, CancellationToken.None));

        Assert.Equal(503, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.True(int.Parse(response.Headers.RetryAfter.ToString()) >= 1);
        Assert.DoesNotContain("   at ", response.Body);
    }

    [Fact]
    public async Task The_standing_answers_503()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var context = app.Request(HttpMethods.Get);

        var response = await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, "creator-a", CancellationToken.None));

        Assert.Equal(503, response.Status);
    }

    [Fact]
    public async Task The_creators_page_answers_a_503_page_saying_nothing_changed()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var browser = Account.PageClient.Session(app, "creator-a");

        var response = await browser.OverviewAsync();

        Assert.Equal(503, response.Status);
        Assert.StartsWith("text/html", response.ContentType);
        Assert.True(int.Parse(response.Headers.RetryAfter.ToString()) >= 1);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Contains("nothing was changed", Account.PageClient.Text(Account.PageClient.Html(response)));
    }

    [Fact]
    public async Task Health_answers_503_naming_what_is_degraded_and_nothing_more()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var context = app.Request(HttpMethods.Get);

        var response = await app.InvokeAsync<HealthFunction>(context, (f, r) => f.Run(r, CancellationToken.None));

        Assert.Equal(503, response.Status);
        Assert.Equal("unhealthy", response.Json.GetProperty("status").GetString());
        Assert.Equal("unhealthy", response.Json.GetProperty("checks").GetProperty("cosmos").GetString());
        Assert.Equal("Degraded: cosmos.", response.Json.GetProperty("detail").GetString());
        Assert.DoesNotContain("unreachable", response.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Cosmos DB", response.Body);
    }
}

[Collection(CosmosServer.CollectionName)]
public sealed class HealthTests(CosmosServer cosmos)
{
    [Fact]
    public async Task Health_is_200_once_the_containers_exist_and_503_before_without_naming_the_database_or_container()
    {
        var database = cosmos.NewDatabaseName();
        await using var app = await AppHarness.StartAsync(cosmos.ConnectionString, database, createDatabase: false);

        var before = await Check(app);
        await app.Services.GetRequiredService<Storage.CosmosContainers>().EnsureCreatedAsync(CancellationToken.None);
        var after = await Check(app);

        Assert.Equal(503, before.Status);
        Assert.DoesNotContain(database, before.Body);
        Assert.DoesNotContain("container", before.Body);
        Assert.Equal(200, after.Status);
        Assert.Equal("healthy", after.Json.GetProperty("status").GetString());
    }

    private static async Task<AppHarness.Response> Check(AppHarness app)
    {
        var context = app.Request(HttpMethods.Get);
        return await app.InvokeAsync<HealthFunction>(context, (f, r) => f.Run(r, CancellationToken.None));
    }
}
