using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.Functions.Tests.Identity;

/// <summary>
/// Who may call what, through the app's own pipeline (<see cref="AppHarness.InvokeAsync{TFunction}(HttpContext, System.Linq.Expressions.Expression{Func{TFunction, HttpRequest, Task{Microsoft.AspNetCore.Mvc.IActionResult}}})"/>):
/// a creator route with each kind of bad token, another creator's token, and admin routes with and without the role.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class CallerGateTests(CosmosServer cosmos) : IAsyncLifetime
{
    private const string Known = "creator-known";
    private const string Other = "creator-other";

    private readonly RecordingLogs logs = new();
    private AppHarness app = null!;

    private DateTimeOffset Now => app.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), logs: logs);
        foreach (var creator in new[] { Known, Other })
        {
            var created = await app.PostWebhookAsync(Events.CreatorUpserted("profile-" + creator, creator, creator + "@shop.example", "2026-11-01T09:00:00Z"));
            Assert.Equal(202, created.Status);
        }
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private static readonly string[] InvalidKinds =
    [
        "tampered payload", "tampered signature", "expired", "not yet valid", "wrong issuer", "wrong audience", "alg none",
        "signed with another secret", "no expiry", "not a JWT", "RS256 from an unknown issuer key",
    ];

    public static TheoryData<string> InvalidTokens => new(InvalidKinds);

    [Fact]
    public async Task A_valid_token_for_the_creator_in_the_route_gets_their_standing()
    {
        var response = await StandingAsync(Known, Bearer(CallerTokens.Creator(Known, Now)));

        Assert.Equal(200, response.Status);
        Assert.Equal(Known, response.Json.GetProperty("creatorId").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer   ")]
    [InlineData("Basic Y3JlYXRvcjpwYXNzd29yZA==")]
    public async Task No_bearer_token_is_401_with_a_bare_bearer_challenge(string authorization)
    {
        var response = await StandingAsync(Known, authorization);

        Assert.Equal(401, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
        Assert.Equal(401, response.Json.GetProperty("status").GetInt32());
    }

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task Each_invalid_token_is_the_same_401_with_invalid_token_and_no_hint_of_why(string kind)
    {
        var reference = await StandingAsync(Known, Bearer(Invalid("signed with another secret")));

        var response = await StandingAsync(Known, Bearer(Invalid(kind)));

        Assert.Equal(401, response.Status);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WWWAuthenticate.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal(reference.Body, response.Body); // the same bytes whatever failed
    }

    [Fact]
    public async Task Clock_skew_of_up_to_60_seconds_is_allowed_either_way_and_not_more()
    {
        var expiredWithinSkew = CallerTokens.Mint(new TokenSpec { Subject = Known, Shift = -(CallerTokens.Lifetime + TimeSpan.FromSeconds(59)) }, Now);
        var startingWithinSkew = CallerTokens.Mint(new TokenSpec { Subject = Known, Shift = TimeSpan.FromSeconds(59) }, Now);
        var expiredBeyond = CallerTokens.Mint(new TokenSpec { Subject = Known, Shift = -(CallerTokens.Lifetime + TimeSpan.FromSeconds(61)) }, Now);
        var startingBeyond = CallerTokens.Mint(new TokenSpec { Subject = Known, Shift = TimeSpan.FromSeconds(61) }, Now);

        Assert.Equal(200, (await StandingAsync(Known, Bearer(expiredWithinSkew))).Status);
        Assert.Equal(200, (await StandingAsync(Known, Bearer(startingWithinSkew))).Status);
        Assert.Equal(401, (await StandingAsync(Known, Bearer(expiredBeyond))).Status);
        Assert.Equal(401, (await StandingAsync(Known, Bearer(startingBeyond))).Status);
    }

    [Fact]
    public async Task Another_creators_valid_token_gets_the_same_404_as_a_creator_that_does_not_exist()
    {
        const string Ghost = "creator-ghost";

        var probingKnown = await StandingAsync(Known, Bearer(CallerTokens.Creator(Other, Now)));
        var probingGhost = await StandingAsync(Ghost, Bearer(CallerTokens.Creator(Other, Now)));
        var ghostItself = await StandingAsync(Ghost, Bearer(CallerTokens.Creator(Ghost, Now)));

        Assert.Equal(404, probingKnown.Status);
        Assert.Equal(ghostItself.Body, probingGhost.Body);
        Assert.Equal(ghostItself.Body.Replace(Ghost, Known, StringComparison.Ordinal), probingKnown.Body);
        Assert.Equal(ghostItself.ContentType, probingKnown.ContentType);
    }

    [Fact]
    public async Task A_token_without_a_subject_is_refused_on_creator_routes()
    {
        var response = await StandingAsync(Known, Bearer(CallerTokens.Mint(new TokenSpec(), Now)));

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task Admin_routes_need_a_valid_token_holding_the_admin_role()
    {
        var none = await AdminListAsync("");
        var invalid = await AdminListAsync(Bearer(Invalid("expired", CreatorAuthOptions.DefaultAdminRole)));
        var creator = await AdminListAsync(Bearer(CallerTokens.Creator(Known, Now)));
        var otherRole = await AdminListAsync(Bearer(CallerTokens.Mint(new TokenSpec { Subject = "ops", Roles = ["account-health.reader"] }, Now)));
        var admin = await AdminListAsync(Bearer(CallerTokens.Admin(Now)));
        var adminAmongRoles = await AdminListAsync(Bearer(CallerTokens.Mint(new TokenSpec { Subject = "ops", Roles = ["reader", CreatorAuthOptions.DefaultAdminRole] }, Now)));

        Assert.Equal(401, none.Status);
        Assert.Equal("Bearer", none.Headers.WWWAuthenticate.ToString());
        Assert.Equal(401, invalid.Status);
        Assert.Equal("Bearer error=\"invalid_token\"", invalid.Headers.WWWAuthenticate.ToString());
        Assert.Equal(403, creator.Status);
        Assert.StartsWith("application/problem+json", creator.ContentType);
        Assert.Equal(403, otherRole.Status);
        Assert.Equal(200, admin.Status);
        Assert.Equal(200, adminAmongRoles.Status);
    }

    [Fact]
    public async Task An_admin_token_is_no_creator_token()
    {
        var response = await StandingAsync(Known, Bearer(CallerTokens.Admin(Now)));

        Assert.Equal(404, response.Status);
    }

    [Fact]
    public async Task Tokens_never_reach_the_logs_valid_or_not()
    {
        var tokens = InvalidKinds.Select(kind => Invalid(kind)).Append(CallerTokens.Creator(Known, Now)).Append(CallerTokens.Creator(Other, Now)).ToList();

        foreach (var token in tokens)
        {
            await StandingAsync(Known, Bearer(token));
        }

        Assert.Contains(logs.Lines, l => l.Contains("Bearer token refused", StringComparison.Ordinal)); // it did log the refusals
        foreach (var token in tokens)
        {
            var signature = token.Split('.').Last();
            Assert.DoesNotContain(logs.Lines, l => l.Contains(token, StringComparison.Ordinal) || (signature.Length > 10 && l.Contains(signature, StringComparison.Ordinal)));
        }
    }

    private string Invalid(string kind, string? role = null)
    {
        var roles = role is null ? null : new[] { role };
        var valid = CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles }, Now);
        var parts = valid.Split('.');
        return kind switch
        {
            "tampered payload" => $"{parts[0]}.{Base64UrlEncoder.Encode(Base64UrlEncoder.DecodeBytes(parts[1]).Select(b => b == (byte)'k' ? (byte)'K' : b).ToArray())}.{parts[2]}",
            "tampered signature" => $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}",
            "expired" => CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles, Shift = -TimeSpan.FromHours(1) }, Now),
            "not yet valid" => CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles, Shift = TimeSpan.FromMinutes(5) }, Now),
            "wrong issuer" => CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles, Issuer = "https://attacker.example/" }, Now),
            "wrong audience" => CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles, Audience = "another-api" }, Now),
            "alg none" => $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{parts[1]}.",
            "signed with another secret" => CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles, Credentials = CallerTokens.Hs256("another-secret-of-at-least-32-bytes-long-00") }, Now),
            "no expiry" => SignedWithoutExpiry(parts[1]),
            "not a JWT" => "not-a-jwt",
            "RS256 from an unknown issuer key" => CallerTokens.Mint(new TokenSpec { Subject = Known, Roles = roles, Credentials = CallerTokens.Rs256(RSA.Create(2048), "stranger") }, Now),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
    }

    /// <summary>The payload without <c>exp</c>, signed properly with the app's secret: only the missing expiry is wrong.</summary>
    private static string SignedWithoutExpiry(string payload)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(Base64UrlEncoder.Decode(payload))!.AsObject();
        json.Remove("exp");

        var header = Base64UrlEncoder.Encode("""{"alg":"HS256","typ":"JWT"}""");
        var body = Base64UrlEncoder.Encode(json.ToJsonString());
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(CallerTokens.Secret), Encoding.ASCII.GetBytes($"{header}.{body}"));
        return $"{header}.{body}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Bearer(string token) => "Bearer " + token;

    private Task<AppHarness.Response> StandingAsync(string creatorId, string authorization)
    {
        var context = app.Request(HttpMethods.Get);
        context.Request.Headers.Authorization = authorization;
        return app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, creatorId, CancellationToken.None));
    }

    private Task<AppHarness.Response> AdminListAsync(string authorization)
    {
        var context = app.Request(HttpMethods.Get);
        context.Request.Headers.Authorization = authorization;
        return app.InvokeAsync<AdminTrainingFunctions>(context, (f, r) => f.List(r, CancellationToken.None));
    }
}
