using System.Reflection;
using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Tests.Identity;

/// <summary>
/// Every HTTP function the host will load (functions.metadata) is known to the pipeline with who may call it, and no
/// creator or admin route is left to a function key: a new route under <c>creators/{creatorId}</c> or the admin area is
/// guarded without anyone remembering to, and any other route must say why it is public or the app won't start.
/// </summary>
public class RouteAccessTests
{
    /// <summary>The only routes anyone may call, and why.</summary>
    private static readonly Dictionary<string, string> PublicRoutes = new()
    {
        ["PlatformWebhook"] = "HMAC-signed by the platform",
        ["Health"] = "a status for probes, nothing private",
        ["GetOpenApiDocument"] = "the published contract, for integrators and client generators",
        ["GetPlatformEventSchemas"] = "the published event schemas, referenced by the contract",
        ["EnterAccount"] = "the signed link in its query is the credential, exchanged for the page's session",
        ["ShowUnsubscribe"] = "the signed, purpose-bound unsubscribe token in the URL is the authority; a GET changes nothing",
        ["OneClickUnsubscribe"] = "RFC 8058 one-click unsubscribe: the signed, purpose-bound token in the URL is the authority",
    };

    private static readonly HttpRoutes Routes = HttpRoutes.Of(typeof(HttpPipeline).Assembly);

    [Fact]
    public void Every_http_function_the_host_loads_is_one_the_pipeline_guards()
    {
        foreach (var (name, route, authLevel) in HostedHttpFunctions())
        {
            var known = Routes.Find(name);
            Assert.True(known is not null, $"{name} is not among the pipeline's routes");
            Assert.Equal(route.Trim('/'), known.Template);
            if (known.Access == RouteAccess.Public)
            {
                Assert.True(PublicRoutes.ContainsKey(name), $"{name} ({route}) is public: add it to PublicRoutes with the reason, or put it under creators/{{creatorId}} or the admin area");
            }
            else
            {
                // The token is the gate: a function key on top would keep browsers and apps out.
                Assert.True(authLevel == "Anonymous", $"{name} ({route}) is {known.Access} and must be Anonymous at the host, not {authLevel}");
            }
        }
    }

    [Theory]
    [InlineData("creators/{creatorId}/standing", RouteAccess.Creator)]
    [InlineData("creators/{creatorId}", RouteAccess.Creator)]
    [InlineData("{area:regex(^admin$)}/creators/{creatorId}", RouteAccess.Admin)]
    [InlineData("{area:regex(^admin$)}/creators/{creatorId}/account/rebuild", RouteAccess.Admin)]
    [InlineData("{area:regex(^admin$)}/dead-letters/{queue}/redrive", RouteAccess.Admin)]
    [InlineData("account", RouteAccess.CreatorPage)]
    [InlineData("account/quizzes/{violationId}/attempts", RouteAccess.CreatorPage)]
    public void Routes_are_classified_by_their_template(string template, RouteAccess access)
    {
        Assert.Equal(access, HttpRoutes.AccessOf("NewFunction", template, Method(nameof(Unmarked))));
    }

    [Theory]
    [InlineData("me/standing")]
    [InlineData("creators")]
    [InlineData("creatorsx/{creatorId}")]
    [InlineData("ops/weekly-reports")]
    [InlineData("accounts/{creatorId}")]
    public void A_route_that_is_neither_creator_nor_admin_nor_marked_public_is_refused(string template)
    {
        var error = Assert.Throws<InvalidOperationException>(() => HttpRoutes.AccessOf("NewFunction", template, Method(nameof(Unmarked))));

        Assert.Contains("NewFunction", error.Message);
        Assert.Equal(RouteAccess.Public, HttpRoutes.AccessOf("NewFunction", template, Method(nameof(MarkedPublic))));
    }

    [Fact]
    public void A_page_route_marked_public_is_public_and_every_other_page_route_is_the_callers_own()
    {
        Assert.Equal(RouteAccess.Public, HttpRoutes.AccessOf("NewFunction", "account/enter", Method(nameof(MarkedPublic))));
        Assert.Equal(RouteAccess.CreatorPage, HttpRoutes.AccessOf("NewFunction", "account/enter", Method(nameof(Unmarked))));
    }

    private static MethodInfo Method(string name) => typeof(RouteAccessTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static IActionResult Unmarked([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => new OkResult();

    [PublicEndpoint("for the test")]
    private static IActionResult MarkedPublic([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => new OkResult();

    private static IEnumerable<(string Name, string Route, string AuthLevel)> HostedHttpFunctions() =>
        FunctionMetadataTests.Metadata()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => (f.GetProperty("name").GetString()!, b.GetProperty("route").GetString()!, b.GetProperty("authLevel").GetString()!)));
}
