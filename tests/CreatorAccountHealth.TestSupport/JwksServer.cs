using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// A token issuer's JWKS endpoint on 127.0.0.1 (Kestrel, a free port): publishes the public half of the keys it is
/// given, counts how often it is read, and can be switched to new keys (a rotation) while the app runs.
/// </summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private volatile string document = """{"keys":[]}""";
    private int reads;

    private JwksServer(WebApplication app) => this.app = app;

    public string Uri => app.Urls.First() + "/.well-known/jwks.json";

    public int Reads => reads;

    public static async Task<JwksServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new JwksServer(builder.Build());
        server.app.MapGet("/.well-known/jwks.json", (HttpContext http) =>
        {
            Interlocked.Increment(ref server.reads);
            return Results.Text(server.document, "application/json");
        });
        await server.app.StartAsync();
        return server;
    }

    /// <summary>Publishes exactly these keys (public parts only), replacing what was there.</summary>
    public void Publish(params SecurityKey[] keys) =>
        document = JsonSerializer.Serialize(new { keys = keys.Select(PublicJwk).ToList() });

    private static Dictionary<string, string> PublicJwk(SecurityKey key)
    {
        var jwk = key switch
        {
            RsaSecurityKey rsa => JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.Rsa.ExportParameters(false)) { KeyId = rsa.KeyId }),
            ECDsaSecurityKey ec => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(ec.ECDsa.ExportParameters(false))) { KeyId = ec.KeyId }),
            _ => throw new ArgumentException($"Only RSA and EC keys are published, not {key.GetType().Name}.", nameof(key)),
        };
        var result = new Dictionary<string, string> { ["kty"] = jwk.Kty, ["kid"] = jwk.Kid, ["use"] = "sig" };
        if (jwk.Kty == "RSA")
        {
            result["n"] = jwk.N;
            result["e"] = jwk.E;
            result["alg"] = SecurityAlgorithms.RsaSha256;
        }
        else
        {
            result["crv"] = jwk.Crv;
            result["x"] = jwk.X;
            result["y"] = jwk.Y;
            result["alg"] = SecurityAlgorithms.EcdsaSha256;
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
