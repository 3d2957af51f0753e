using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Domain.Notifications;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.Functions.Links;

/// <summary>What a link token lets its bearer do; a token of one purpose is refused as the other.</summary>
public enum LinkPurpose
{
    /// <summary>Open the creator's Account Standing page (exchanged for a session at <see cref="AccountLinks.EnterPath"/>).</summary>
    Account,

    /// <summary>Turn one kind of email off for the creator (<see cref="AccountLinks.UnsubscribePath"/>), nothing else.</summary>
    Unsubscribe,
}

/// <summary>A signed link and when it stops working.</summary>
public sealed record AccountLinkGrant(Uri Url, string Token, DateTimeOffset ExpiresAt);

/// <summary>What a presented link token turned out to be.</summary>
public abstract record LinkTokenCheck
{
    private LinkTokenCheck()
    {
    }

    /// <param name="Target">For <see cref="LinkPurpose.Account"/>: the local path under <c>/api/account</c> to land on.</param>
    /// <param name="Kind">For <see cref="LinkPurpose.Unsubscribe"/>: the kind of email it turns off.</param>
    public sealed record Valid(string CreatorId, LinkPurpose Purpose, string? Target, EmailKind? Kind, DateTimeOffset ExpiresAt) : LinkTokenCheck;

    /// <summary>Genuine, but past its expiry: the creator needs a newer email or link.</summary>
    public sealed record Expired(DateTimeOffset ExpiredAt) : LinkTokenCheck;

    /// <summary>Not ours, altered, malformed, or made for another purpose. Nothing more is said (nor logged) about it.</summary>
    public sealed record Invalid : LinkTokenCheck;
}

/// <summary>
/// Signed, expiring, purpose-bound links for a creator: to their Account Standing page (and a page inside it) and to
/// one-click unsubscribe. A token is a compact JWT (HS256, Microsoft.IdentityModel: signing, constant-time signature check
/// and parsing are the library's) carrying the creator (<c>sub</c>), its purpose (<c>aud</c>), and the target path or
/// email kind, under <c>AccountLinks__SigningKeys</c>: the first key signs, every key verifies (rotation). Its issuer,
/// audiences and <c>typ</c> are this module's own, so a link token is never a bearer token for the API, nor the reverse,
/// even if someone configured the same secret for both. Tokens are never logged.
/// </summary>
public sealed class AccountLinks
{
    /// <summary>Where an account link is exchanged for a session (served by the page).</summary>
    public const string EnterPath = "/api/account/enter";

    /// <summary>The one-click unsubscribe endpoint (RFC 8058).</summary>
    public const string UnsubscribePath = "/api/email/unsubscribe";

    /// <summary>The Account Standing page: where an account link lands unless it names a page inside it.</summary>
    public const string DefaultTarget = "/api/account";

    /// <summary>The email preferences section of the page (the page's form posts to <c>/api/account/preferences</c>).</summary>
    public const string PreferencesTarget = DefaultTarget + "#preferences";

    /// <summary>The page of one violation's quiz, where it is taken.</summary>
    public static string QuizTarget(string violationId) => $"{DefaultTarget}/quizzes/{Uri.EscapeDataString(violationId)}";

    /// <summary>One workshop on the page (its section's anchor).</summary>
    public static string WorkshopTarget(string trainingId) => $"{DefaultTarget}#workshop-{Uri.EscapeDataString(trainingId)}";

    /// <summary>The query parameter carrying the token.</summary>
    public const string TokenParameter = "token";

    public const string Issuer = "creator-account-health/account-links";

    /// <summary>The JWT <c>typ</c> header of link tokens; a token without it (a bearer token) is refused.</summary>
    public const string TokenType = "account-link+jwt";

    /// <summary>Longer than any token we make (~400 characters); anything longer isn't parsed at all.</summary>
    public const int MaxTokenLength = 2048;

    private const string TargetClaim = "target";
    private const string KindClaim = "emailKind";

    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly IReadOnlyList<SymmetricSecurityKey> keys;
    private readonly SigningCredentials signing;
    private readonly Uri baseUri;
    private readonly TimeSpan pageLifetime;
    private readonly TimeSpan unsubscribeLifetime;
    private readonly TimeProvider time;
    private readonly ILogger<AccountLinks> logger;

    public AccountLinks(IOptions<AppOptions> app, IOptions<AccountLinkOptions> options, TimeProvider time, ILogger<AccountLinks> logger)
    {
        keys = options.Value.Secrets.Select(Key).ToList();
        signing = new SigningCredentials(keys[0], SecurityAlgorithms.HmacSha256);
        baseUri = app.Value.BaseUri;
        pageLifetime = TimeSpan.FromDays(options.Value.LifetimeDays);
        unsubscribeLifetime = TimeSpan.FromDays(options.Value.UnsubscribeLifetimeDays);
        this.time = time;
        this.logger = logger;
    }

    /// <summary>The absolute link that signs the creator into their page and lands on <paramref name="targetPath"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="targetPath"/> is not a local path under <c>/api/account</c>.</exception>
    public Uri PageLink(string creatorId, string targetPath = DefaultTarget) => CreateGrant(creatorId, targetPath).Url;

    /// <summary>The page link and when it expires (<c>AccountLinks__LifetimeDays</c> from now).</summary>
    /// <exception cref="ArgumentException"><paramref name="targetPath"/> is not a local path under <c>/api/account</c>.</exception>
    public AccountLinkGrant CreateGrant(string creatorId, string targetPath = DefaultTarget)
    {
        if (!IsAccountPath(targetPath))
        {
            throw new ArgumentException($"'{targetPath}' is not a local path under {DefaultTarget}.", nameof(targetPath));
        }

        return Grant(creatorId, LinkPurpose.Account, EnterPath, pageLifetime, new Dictionary<string, object> { [TargetClaim] = targetPath });
    }

    /// <summary>The absolute one-click unsubscribe URL for one kind of email (<c>AccountLinks__UnsubscribeLifetimeDays</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind has no opt-out (workshop emails).</exception>
    public Uri UnsubscribeLink(string creatorId, EmailKind kind) => UnsubscribeGrant(creatorId, kind).Url;

    /// <exception cref="ArgumentOutOfRangeException">The kind has no opt-out (workshop emails).</exception>
    public AccountLinkGrant UnsubscribeGrant(string creatorId, EmailKind kind)
    {
        if (!CreatorEmailChoices.IsOptional(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind of email has no opt-out.");
        }

        return Grant(creatorId, LinkPurpose.Unsubscribe, UnsubscribePath, unsubscribeLifetime, new Dictionary<string, object> { [KindClaim] = KindName(kind) });
    }

    /// <summary>
    /// Checks a presented token for <paramref name="purpose"/>: signed with one of our keys, of our issuer and type, made
    /// for this purpose, not expired on the injected clock. Only the failing check's kind is logged, never the token.
    /// </summary>
    public async Task<LinkTokenCheck> VerifyAsync(string? token, LinkPurpose purpose)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > MaxTokenLength || !handler.CanReadToken(token))
        {
            logger.LogInformation("Link token refused: not a compact JWT");
            return new LinkTokenCheck.Invalid();
        }

        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience(purpose),
            ValidTypes = [TokenType],
            IssuerSigningKeys = keys,
            TryAllIssuerSigningKeys = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,

            // Expiry is checked below on the injected clock, after the signature, so only a genuine token is ever "expired".
            ValidateLifetime = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            logger.LogInformation("Link token refused for {Purpose}: {Failure}", purpose, result.Exception?.GetType().Name ?? "invalid");
            return new LinkTokenCheck.Invalid();
        }

        var expiresAt = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (expiresAt <= time.GetUtcNow())
        {
            logger.LogInformation("Link token refused for {Purpose}: expired at {ExpiredAt}", purpose, expiresAt);
            return new LinkTokenCheck.Expired(expiresAt);
        }

        var creatorId = jwt.Subject;
        if (string.IsNullOrEmpty(creatorId))
        {
            return new LinkTokenCheck.Invalid();
        }

        switch (purpose)
        {
            case LinkPurpose.Account when jwt.TryGetPayloadValue<string>(TargetClaim, out var target) && IsAccountPath(target):
                return new LinkTokenCheck.Valid(creatorId, purpose, target, null, expiresAt);
            case LinkPurpose.Unsubscribe when jwt.TryGetPayloadValue<string>(KindClaim, out var name) && KindOf(name) is { } kind:
                return new LinkTokenCheck.Valid(creatorId, purpose, null, kind, expiresAt);
            default:
                logger.LogInformation("Link token refused for {Purpose}: its claims don't fit the purpose", purpose);
                return new LinkTokenCheck.Invalid();
        }
    }

    /// <summary>
    /// A local path under <c>/api/account</c> (with an optional query and a plain <c>#anchor</c>): never another host
    /// (<c>//evil</c>, a scheme), a backslash, a dot segment or a control character, so a link can't be turned into an open
    /// redirect.
    /// </summary>
    public static bool IsAccountPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 512 || path.Any(c => char.IsControl(c) || c is '\\' or ' '))
        {
            return false;
        }

        var parts = path.Split('#', 2);
        if (parts.Length == 2 && (parts[1].Length == 0 || !parts[1].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')))
        {
            return false;
        }

        var pathOnly = parts[0].Split('?', 2)[0];
        if (pathOnly != DefaultTarget && !pathOnly.StartsWith(DefaultTarget + "/", StringComparison.Ordinal))
        {
            return false;
        }

        return !pathOnly.Contains("//", StringComparison.Ordinal)
            && pathOnly.Split('/').All(segment => segment is not ("." or "..") && !Uri.UnescapeDataString(segment).Contains('/') && Uri.UnescapeDataString(segment) is not ("." or ".."));
    }

    /// <summary>The name of an optional email kind as links and the API spell it.</summary>
    public static string KindName(EmailKind kind) => kind switch
    {
        EmailKind.MilestoneAlert => "milestoneAlerts",
        EmailKind.WeeklyReport => "weeklyReports",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "This kind of email has no opt-out."),
    };

    public static EmailKind? KindOf(string? name) => name switch
    {
        "milestoneAlerts" => EmailKind.MilestoneAlert,
        "weeklyReports" => EmailKind.WeeklyReport,
        _ => null,
    };

    private AccountLinkGrant Grant(string creatorId, LinkPurpose purpose, string path, TimeSpan lifetime, Dictionary<string, object> claims)
    {
        ArgumentException.ThrowIfNullOrEmpty(creatorId);
        var now = time.GetUtcNow();

        // JWT times are whole seconds: the expiry we report is the one the token carries.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expiresAt = issuedAt + lifetime;
        claims[JwtRegisteredClaimNames.Sub] = creatorId;
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience(purpose),
            TokenType = TokenType,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Claims = claims,
            SigningCredentials = signing,
        });
        var url = new UriBuilder(baseUri) { Path = baseUri.AbsolutePath.TrimEnd('/') + path, Query = $"{TokenParameter}={token}" }.Uri;
        return new AccountLinkGrant(url, token, expiresAt);
    }

    private static string Audience(LinkPurpose purpose) => purpose switch
    {
        LinkPurpose.Account => "creator-account-health/account-page",
        LinkPurpose.Unsubscribe => "creator-account-health/unsubscribe",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, null),
    };

    /// <summary>The key id is a digest of the secret, so a token names the key that signed it without revealing it.</summary>
    private static SymmetricSecurityKey Key(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        return new SymmetricSecurityKey(bytes) { KeyId = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] };
    }
}
