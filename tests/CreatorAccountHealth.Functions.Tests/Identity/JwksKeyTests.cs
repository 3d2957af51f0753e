using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.Functions.Tests.Identity;

/// <summary>
/// Tokens signed with the issuer's asymmetric keys, published as a JWKS on a loopback server: RS256 and ES256 accepted,
/// a rotated key picked up without a restart, unknown key ids unable to make the app hammer the issuer, and an HS256
/// token "signed" with a published public key refused.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class JwksKeyTests(CosmosServer cosmos) : IAsyncLifetime
{
    private const string Creator = "creator-jwks";

    private readonly RsaSecurityKey first = new(RSA.Create(2048)) { KeyId = "key-2026-11" };
    private readonly RsaSecurityKey second = new(RSA.Create(2048)) { KeyId = "key-2026-12" };
    private readonly ECDsaSecurityKey elliptic = new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "key-ec" };
    private JwksServer jwks = null!;
    private AppHarness app = null!;

    private DateTimeOffset Now => app.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        jwks = await JwksServer.StartAsync();
        jwks.Publish(first, elliptic);
        app = await AppHarness.StartAsync(
            cosmos.ConnectionString,
            cosmos.NewDatabaseName(),
            settings: new Dictionary<string, string?> { ["CreatorAuth:JwksUri"] = jwks.Uri });
        Assert.Equal(202, (await app.PostWebhookAsync(Events.CreatorUpserted("profile", Creator, "jwks@shop.example", "2026-11-01T09:00:00Z"))).Status);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await jwks.DisposeAsync();
    }

    [Fact]
    public async Task RS256_and_ES256_tokens_signed_with_published_keys_are_accepted_beside_the_shared_secret()
    {
        Assert.Equal(200, (await StandingAsync(Token(CallerTokens.Rs256(first.Rsa, first.KeyId)))).Status);
        Assert.Equal(200, (await StandingAsync(Token(CallerTokens.Es256(elliptic.ECDsa, elliptic.KeyId)))).Status);
        Assert.Equal(200, (await StandingAsync(Token(CallerTokens.Hs256(CallerTokens.Secret)))).Status);
    }

    [Fact]
    public async Task A_new_key_id_is_picked_up_without_a_restart_and_a_retired_one_stops_working()
    {
        Assert.Equal(200, (await StandingAsync(Token(CallerTokens.Rs256(first.Rsa, first.KeyId)))).Status);

        jwks.Publish(second, elliptic); // the issuer rotated: the first key is gone
        app.Time.Advance(JwksSigningKeys.UnknownKidRefreshInterval);
        var signedWithNew = await StandingAsync(Token(CallerTokens.Rs256(second.Rsa, second.KeyId)));
        var signedWithRetired = await StandingAsync(Token(CallerTokens.Rs256(first.Rsa, first.KeyId)));

        Assert.Equal(200, signedWithNew.Status);
        Assert.Equal(401, signedWithRetired.Status);
    }

    [Fact]
    public async Task Unknown_key_ids_refresh_the_keys_at_most_once_per_interval()
    {
        Assert.Equal(200, (await StandingAsync(Token(CallerTokens.Rs256(first.Rsa, first.KeyId)))).Status);
        var readsBefore = jwks.Reads;

        for (var i = 0; i < 5; i++)
        {
            using var stranger = RSA.Create(2048);
            Assert.Equal(401, (await StandingAsync(Token(CallerTokens.Rs256(stranger, $"made-up-{i}")))).Status);
        }

        Assert.InRange(jwks.Reads - readsBefore, 0, 1);
    }

    [Fact]
    public async Task An_HS256_token_keyed_with_a_published_public_key_is_refused()
    {
        // The classic algorithm confusion: the attacker knows the public key, so uses its bytes as an HMAC secret.
        var publicKey = first.Rsa.ExportSubjectPublicKeyInfo();
        var pem = Encoding.ASCII.GetBytes(first.Rsa.ExportSubjectPublicKeyInfoPem());
        foreach (var secret in new[] { publicKey, pem, first.Rsa.ExportParameters(false).Modulus! })
        {
            var token = Token(new SigningCredentials(new SymmetricSecurityKey(secret) { KeyId = first.KeyId }, SecurityAlgorithms.HmacSha256));

            var response = await StandingAsync(token);

            Assert.Equal(401, response.Status);
        }
    }

    [Fact]
    public async Task An_RS256_token_cannot_pass_as_HS256_of_the_shared_secret()
    {
        // The header says RS256 but the signature is an HMAC with the shared secret: no key may verify it.
        var hs = Token(CallerTokens.Hs256(CallerTokens.Secret));
        var parts = hs.Split('.');
        var header = Base64UrlEncoder.Encode($$"""{"alg":"RS256","kid":"{{first.KeyId}}","typ":"JWT"}""");
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(CallerTokens.Secret), Encoding.ASCII.GetBytes($"{header}.{parts[1]}"));

        var response = await StandingAsync($"{header}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}");

        Assert.Equal(401, response.Status);
    }

    private string Token(SigningCredentials credentials) => CallerTokens.Mint(new TokenSpec { Subject = Creator, Credentials = credentials }, Now);

    private Task<AppHarness.Response> StandingAsync(string token)
    {
        var context = app.Request(HttpMethods.Get);
        context.Request.Headers.Authorization = "Bearer " + token;
        return app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, Creator, CancellationToken.None));
    }
}

/// <summary>The issuer's JWKS unreachable before any key was read: a 503 the caller can retry, not a 401 it can't fix.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class JwksUnavailableTests(CosmosServer cosmos)
{
    [Fact]
    public async Task An_asymmetric_token_while_the_jwks_cannot_be_read_is_a_503_with_retry_after()
    {
        await using var app = await AppHarness.StartAsync(
            cosmos.ConnectionString,
            cosmos.NewDatabaseName(),
            settings: new Dictionary<string, string?> { ["CreatorAuth:JwksUri"] = "http://127.0.0.1:1/.well-known/jwks.json" });
        using var rsa = RSA.Create(2048);
        var context = app.Request(HttpMethods.Get);
        context.Request.Headers.Authorization = "Bearer " + CallerTokens.Mint(new TokenSpec { Subject = "c-1", Credentials = CallerTokens.Rs256(rsa, "k") }, app.Time.GetUtcNow());

        var response = await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, "c-1", CancellationToken.None));

        Assert.Equal(503, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.True(response.Headers.ContainsKey("Retry-After"));
    }
}
