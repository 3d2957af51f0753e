using System.Net;
using CreatorAccountHealth.LocalRuntime.Tests.Support;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>What host.json and the Host section of local.settings.json change about the HTTP functions.</summary>
public class HostConfigurationTests
{
    [Theory]
    [InlineData("v2", "/v2/items/7")]
    [InlineData("", "/items/7")]
    [InlineData("/", "/items/7")]
    public async Task The_route_prefix_comes_from_host_json(string routePrefix, string path)
    {
        await using var runtime = await TestRuntime.StartAsync(
            ["GetItem"],
            hostJson: directory => WriteHostJson(directory, routePrefix));

        using var prefixed = await runtime.Client.GetAsync(path);
        using var withDefaultPrefix = await runtime.Client.GetAsync("/api/items/7");

        Assert.Equal(HttpStatusCode.OK, prefixed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withDefaultPrefix.StatusCode);
    }

    [Fact]
    public async Task Without_a_route_prefix_setting_it_is_api()
    {
        await using var runtime = await TestRuntime.StartAsync(
            ["GetItem"],
            hostJson: directory => WriteFile(directory, "host.json", """{ "version": "2.0" }"""));

        using var response = await runtime.Client.GetAsync("/api/items/7");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Host_CORS_origins_are_allowed_including_preflight()
    {
        await using var runtime = await TestRuntime.StartAsync(["Echo"], host: new { CORS = "http://localhost:3000, http://localhost:4000" });

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/echo")
        {
            Headers = { { "Origin", "http://localhost:4000" }, { "Access-Control-Request-Method", "POST" } },
        };
        using var preflightResponse = await runtime.Client.SendAsync(preflight);
        using var other = new HttpRequestMessage(HttpMethod.Post, "/api/echo") { Headers = { { "Origin", "http://elsewhere.example" } } };
        using var otherResponse = await runtime.Client.SendAsync(other);

        Assert.Equal(HttpStatusCode.NoContent, preflightResponse.StatusCode);
        Assert.Equal("http://localhost:4000", Assert.Single(preflightResponse.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static string WriteHostJson(TempDirectory directory, string routePrefix) =>
        WriteFile(directory, "host.json", $$"""{ "version": "2.0", "extensions": { "http": { "routePrefix": "{{routePrefix}}" } } }""");

    private static string WriteFile(TempDirectory directory, string name, string content)
    {
        File.WriteAllText(directory.File(name), content);
        return directory.File(name);
    }
}
