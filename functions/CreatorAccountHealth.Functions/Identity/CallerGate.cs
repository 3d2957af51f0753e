using System.Text;
using CreatorAccountHealth.Functions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.Functions.Identity;

/// <summary>Why the gate turned a request away.</summary>
public enum GateRefusal
{
    /// <summary>No bearer token: 401.</summary>
    NoToken,

    /// <summary>A token that fails any check: 401, never saying which.</summary>
    InvalidToken,

    /// <summary>A valid token for another creator: 404, as for a creator that doesn't exist.</summary>
    AnotherCreator,

    /// <summary>A valid token without the admin role on an admin route: 403.</summary>
    NotAdmin,
}

/// <summary>
/// Decides who may call a route: the one place that reads bearer tokens. Creator routes need a token whose <c>sub</c> is
/// the route's creator id; admin routes a token whose <c>roles</c> hold <c>CreatorAuth__AdminRole</c>. Tokens are checked
/// by Microsoft.IdentityModel (signature, <c>iss</c>, <c>aud</c>, <c>exp</c>/<c>nbf</c> with 60 s of skew) and never logged.
/// </summary>
public sealed class CallerGate
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    private const string BearerPrefix = "Bearer ";

    private readonly JsonWebTokenHandler handler = new();
    private readonly CreatorAuthOptions options;
    private readonly IReadOnlyList<SecurityKey> secrets;
    private readonly JwksSigningKeys jwks;
    private readonly TimeProvider time;
    private readonly ILogger<CallerGate> logger;

    private readonly PageSessions sessions;

    public CallerGate(IOptions<CreatorAuthOptions> options, JwksSigningKeys jwks, PageSessions sessions, TimeProvider time, ILogger<CallerGate> logger)
    {
        this.options = options.Value;
        this.sessions = sessions;
        secrets = this.options.Secrets.Select(s => (SecurityKey)new SymmetricSecurityKey(Encoding.UTF8.GetBytes(s))).ToList();
        this.jwks = jwks;
        this.time = time;
        this.logger = logger;
    }

    /// <returns>Null when the caller may go on.</returns>
    public async Task<GateRefusal?> CheckAsync(RouteAccess access, string? authorization, string? routeCreatorId, CancellationToken cancellationToken)
    {
        if (access == RouteAccess.Public)
        {
            return null;
        }

        var token = BearerToken(authorization);
        if (token is null)
        {
            return GateRefusal.NoToken;
        }

        var validated = await ValidateAsync(token, cancellationToken);
        if (validated is null)
        {
            return GateRefusal.InvalidToken;
        }

        return access switch
        {
            RouteAccess.Creator when routeCreatorId is null || !string.Equals(validated.Subject, routeCreatorId, StringComparison.Ordinal) =>
                GateRefusal.AnotherCreator,
            RouteAccess.Admin when !validated.Claims.Any(c => c.Type == "roles" && string.Equals(c.Value, options.AdminRole, StringComparison.Ordinal)) =>
                GateRefusal.NotAdmin,
            _ => null,
        };
    }

    /// <summary>
    /// Who is calling a page route (<see cref="RouteAccess.CreatorPage"/>): the creator of a valid bearer token (a
    /// platform embedding the page; same checks as the API) or else of a valid session cookie (a browser that came in
    /// through a signed link). A bearer token that fails is refused even with a session beside it: the caller meant it.
    /// </summary>
    public async Task<(GateRefusal? Refusal, PageCaller? Caller)> CheckPageAsync(string? authorization, string? sessionCookie, CancellationToken cancellationToken)
    {
        if (BearerToken(authorization) is { } token)
        {
            var validated = await ValidateAsync(token, cancellationToken);
            return validated is null || string.IsNullOrEmpty(validated.Subject)
                ? (GateRefusal.InvalidToken, null)
                : (null, PageCaller.Bearer(validated.Subject));
        }

        if (sessionCookie is null)
        {
            return (GateRefusal.NoToken, null);
        }

        var session = sessions.Read(sessionCookie);
        if (session is null)
        {
            logger.LogInformation("Page session refused: expired, forged or unreadable");
            return (GateRefusal.NoToken, null);
        }

        return (null, PageCaller.Session(session));
    }

    private static bool IsCurrent(DateTime? notBefore, DateTime? expires, DateTime now) =>
        expires is { } exp && now <= exp + ClockSkew && (notBefore is not { } nbf || now >= nbf - ClockSkew);

    private static string? BearerToken(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[BearerPrefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    private async Task<JsonWebToken?> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (!handler.CanReadToken(token))
        {
            logger.LogInformation("Caller token refused: not a compact JWT");
            return null;
        }

        JsonWebToken unvalidated;
        try
        {
            unvalidated = handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            logger.LogInformation("Caller token refused: unreadable header");
            return null;
        }

        // Shared secrets check HS256 tokens, the issuer's published keys everything else: a token is only ever tried
        // against keys of its own kind, and an HS256 token needs no JWKS read.
        var keys = unvalidated.Alg == SecurityAlgorithms.HmacSha256 ? secrets : await jwks.GetAsync(unvalidated.Kid, cancellationToken);
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256],

            // An HS256 token checked against an RSA or EC public key ("algorithm confusion") must never pass, nor RS256 against a secret.
            AlgorithmValidator = (algorithm, key, _, _) => key is SymmetricSecurityKey
                ? algorithm == SecurityAlgorithms.HmacSha256
                : algorithm is SecurityAlgorithms.RsaSha256 or SecurityAlgorithms.EcdsaSha256,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            // Our clock, not the machine's (tests run on a fake one): exp required, exp and nbf with 60 s of skew.
            LifetimeValidator = (notBefore, expires, _, _) => IsCurrent(notBefore, expires, time.GetUtcNow().UtcDateTime),
            TryAllIssuerSigningKeys = true,
        });
        if (!result.IsValid)
        {
            // The exception's type says which check failed (for us); its message could quote the token, so it isn't logged.
            logger.LogInformation("Caller token refused: {Failure}", result.Exception?.GetType().Name ?? "invalid");
            return null;
        }

        return (JsonWebToken)result.SecurityToken;
    }
}
