using System.Text.Json;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests;

/// <summary>
/// The Functions host reads functions.metadata, not our attributes: this checks what the Worker SDK generated is
/// what the routes contract says.
/// </summary>
public class FunctionMetadataTests
{
    public static TheoryData<string, string, string, string[], string> HttpFunctions => new()
    {
        { "PlatformWebhook", "webhooks/platform", "Anonymous", ["post"], "the HMAC signature authenticates the platform" },
        { "GetCreatorStanding", "creators/{creatorId}/standing", "Function", ["get"], "creator data needs a function key" },
        { "Health", "health", "Anonymous", ["get"], "probes carry no key" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_functions_have_their_route_methods_and_auth_level(string name, string route, string authLevel, string[] methods, string why)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.True(authLevel == trigger.GetProperty("authLevel").GetString(), $"{name}: auth level {authLevel} because {why}");
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
    }

    [Fact]
    public void Every_function_in_the_metadata_is_covered_by_these_tests()
    {
        var expected = HttpFunctions.Select(row => (string)row[0]).Order();

        Assert.Equal(expected, Metadata().Select(f => f.GetProperty("name").GetString()!).Order());
    }

    [Fact]
    public void Every_function_runs_in_the_isolated_worker_assembly()
    {
        Assert.All(Metadata(), f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("CreatorAccountHealth.Functions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    private static JsonElement Trigger(string functionName) =>
        Metadata().Single(f => f.GetProperty("name").GetString() == functionName)
            .GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static List<JsonElement> Metadata()
    {
        var path = Path.Combine(RepoPaths.BuildOutput("CreatorAccountHealth.Functions"), "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the function app (dotnet build Functions.sln).");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
