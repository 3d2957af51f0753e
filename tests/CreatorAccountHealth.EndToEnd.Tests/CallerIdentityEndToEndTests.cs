using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// The caller gate over HTTP, through the local runtime: every creator and admin route the host would load refuses a
/// request without a valid token, so a route added later is covered by this test without a line changed.
/// </summary>
public sealed partial class CallerIdentityEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    private static readonly HttpRoutes Routes = HttpRoutes.Of(typeof(HttpPipeline).Assembly);

    public static TheoryData<string, string> GuardedRoutes
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var route in Metadata().Where(r => Routes.Find(r.Name)!.Access != RouteAccess.Public))
            {
                data.Add(route.Method, route.Path);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(GuardedRoutes))]
    public async Task Every_creator_admin_and_page_route_answers_401_without_a_token_and_with_a_forged_one(string method, string path)
    {
        using var none = await app.Anonymous.SendAsync(Request(method, path, token: null));
        using var forged = await app.Anonymous.SendAsync(Request(method, path, CallerTokens.Mint(
            new TokenSpec { Subject = "e2e-creator", Roles = ["account-health.admin"], Credentials = CallerTokens.Hs256("forged-secret-of-at-least-thirty-two-bytes") },
            DateTimeOffset.UtcNow)));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        // The creator's page answers a person: a page saying how to get in; the API answers problem details.
        Assert.Equal(path.StartsWith("/api/account", StringComparison.Ordinal) ? "text/html" : "application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", forged.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_creator_reads_their_own_standing_and_gets_404_for_anothers_like_an_unknown_creator()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Profile("e2e-id-alice"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Profile("e2e-id-bob"))).StatusCode);
        var alice = CallerTokens.Creator("e2e-id-alice", DateTimeOffset.UtcNow);

        using var own = await app.Anonymous.SendAsync(Request("GET", "/api/creators/e2e-id-alice/standing", alice));
        using var bobs = await app.Anonymous.SendAsync(Request("GET", "/api/creators/e2e-id-bob/standing", alice));
        using var nobodys = await app.Anonymous.SendAsync(Request("GET", "/api/creators/e2e-id-nobody/standing", CallerTokens.Creator("e2e-id-nobody", DateTimeOffset.UtcNow)));

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobs.StatusCode);
        Assert.Equal(
            (await nobodys.Content.ReadAsStringAsync()).Replace("e2e-id-nobody", "e2e-id-bob", StringComparison.Ordinal),
            await bobs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_back_office_needs_the_admin_role()
    {
        using var asCreator = await app.Anonymous.SendAsync(Request("GET", "/api/admin/trainings", CallerTokens.Creator("e2e-id-alice", DateTimeOffset.UtcNow)));
        using var asAdmin = await app.Anonymous.SendAsync(Request("GET", "/api/admin/trainings", CallerTokens.Admin(DateTimeOffset.UtcNow)));

        Assert.Equal(HttpStatusCode.Forbidden, asCreator.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
    }

    /// <summary><c>npm run token</c> (functions/devservers/token.mjs) mints what the app accepts: the README's curl commands work.</summary>
    [Fact]
    public async Task The_dev_token_script_mints_tokens_the_app_accepts()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(Profile("e2e-id-script"))).StatusCode);

        using var standing = await app.Anonymous.SendAsync(Request("GET", "/api/creators/e2e-id-script/standing", await TokenScriptAsync("e2e-id-script")));
        using var backOffice = await app.Anonymous.SendAsync(Request("GET", "/api/admin/trainings", await TokenScriptAsync("--admin", "--minutes", "2")));
        using var notAdmin = await app.Anonymous.SendAsync(Request("GET", "/api/admin/trainings", await TokenScriptAsync("e2e-id-script")));

        Assert.Equal(HttpStatusCode.OK, standing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, backOffice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notAdmin.StatusCode);
    }

    [Fact]
    public async Task Health_stays_anonymous_and_answers_only_a_status()
    {
        using var health = await app.Anonymous.GetAsync("/api/health");
        var body = await health.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("healthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("creator-health", body); // no database name
        Assert.DoesNotContain("Cosmos", body);
    }

    private static string Profile(string creatorId) => new System.Text.Json.Nodes.JsonObject
    {
        ["eventId"] = "profile-" + creatorId,
        ["type"] = "creator.upserted",
        ["occurredAt"] = "2026-11-01T09:00:00Z",
        ["creator"] = new System.Text.Json.Nodes.JsonObject { ["id"] = creatorId, ["email"] = creatorId + "@shop.example", ["displayName"] = creatorId },
    }.ToJsonString();

    private static async Task<string> TokenScriptAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepoPaths.Combine("functions", "devservers", "token.mjs"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Environment variables win over local.settings.json, as for the runtime: the running app's issuer, audience and secret.
        foreach (var (key, value) in CallerTokens.Settings("__"))
        {
            start.Environment[key] = value;
        }

        using var node = System.Diagnostics.Process.Start(start)!;
        var token = (await node.StandardOutput.ReadToEndAsync()).Trim();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(node.ExitCode == 0, await node.StandardError.ReadToEndAsync());
        return token;
    }

    private static HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    /// <summary>The HTTP functions as the host loads them, each with a URL a caller could type.</summary>
    private static IEnumerable<(string Name, string Method, string Path)> Metadata()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.BuildOutput("CreatorAccountHealth.Functions"), "functions.metadata")));
        return document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => (
                    f.GetProperty("name").GetString()!,
                    m.GetString()!.ToUpperInvariant(),
                    "/api/" + RouteParameter().Replace(b.GetProperty("route").GetString()!.Replace("{area:regex(^admin$)}", "admin", StringComparison.Ordinal), "e2e-x")))))
            .ToList();
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
