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

        var response = await AppHarness.ExecuteAsync(context, () => app.Function<PlatformWebhookFunction>().Run(context.Request, CancellationToken.None));

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

        var response = await AppHarness.ExecuteAsync(context, () => app.Function<CreatorStandingFunction>().Run(context.Request, "creator-a", CancellationToken.None));

        Assert.Equal(503, response.Status);
    }

    [Fact]
    public async Task Health_answers_503_with_the_reason()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var context = app.Request(HttpMethods.Get);

        var response = await AppHarness.ExecuteAsync(context, () => app.Function<HealthFunction>().Run(context.Request, CancellationToken.None));

        Assert.Equal(503, response.Status);
        Assert.Contains("unreachable", response.Json.GetProperty("detail").GetString());
    }
}

[Collection(CosmosServer.CollectionName)]
public sealed class HealthTests(CosmosServer cosmos)
{
    [Fact]
    public async Task Health_is_200_once_the_containers_exist_and_503_naming_the_container_before()
    {
        await using var app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), createDatabase: false);

        var before = await Check(app);
        await app.Services.GetRequiredService<Storage.CosmosContainers>().EnsureCreatedAsync(CancellationToken.None);
        var after = await Check(app);

        Assert.Equal(503, before.Status);
        Assert.Contains("creators", before.Json.GetProperty("detail").GetString());
        Assert.Equal(200, after.Status);
        Assert.Equal("healthy", after.Json.GetProperty("status").GetString());
    }

    private static async Task<AppHarness.Response> Check(AppHarness app)
    {
        var context = app.Request(HttpMethods.Get);
        return await AppHarness.ExecuteAsync(context, () => app.Function<HealthFunction>().Run(context.Request, CancellationToken.None));
    }
}
