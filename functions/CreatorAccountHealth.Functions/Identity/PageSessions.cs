using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using CreatorAccountHealth.Functions.Links;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Identity;

/// <summary>
/// Settings of the Account Standing page's session (section <c>AccountLinks</c>, beside the signed links, whose
/// <c>AccountLinks__SigningKeys</c> also sign sessions: <see cref="AccountLinkOptions"/> owns and validates them).
/// </summary>
public sealed class PageSessionOptions
{
    public const string SectionName = "AccountLinks";

    public const int MaxSessionHours = 12;

    /// <summary><c>AccountLinks__SessionHours</c>: how long a session cookie lasts after a link was opened (1 to 12).</summary>
    public int SessionHours { get; set; } = MaxSessionHours;

    public TimeSpan SessionLifetime => TimeSpan.FromHours(SessionHours);

    public sealed class Validator : IValidateOptions<PageSessionOptions>
    {
        public ValidateOptionsResult Validate(string? name, PageSessionOptions options)
        {
            var problems = new List<string>();
            if (options.SessionHours is < 1 or > MaxSessionHours)
            {
                problems.Add($"AccountLinks__SessionHours must be from 1 to {MaxSessionHours}.");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>A signed-in browser: whose page it may see, until when. <see cref="SessionId"/> binds its anti-forgery tokens.</summary>
public sealed record PageSession(string CreatorId, string SessionId, DateTimeOffset ExpiresAt);

/// <summary>Who is calling a page route, and what their forms' anti-forgery tokens are bound to.</summary>
/// <param name="Binding">The session's id for a browser session; the creator for a bearer caller (a platform app that
/// sends its token explicitly on every request: no ambient credential a forged cross-site form could ride on).</param>
public sealed record PageCaller(string CreatorId, string Binding)
{
    private const string ItemKey = "CreatorAccountHealth.PageCaller";

    public static PageCaller Session(PageSession session) => new(session.CreatorId, "session:" + session.SessionId);

    public static PageCaller Bearer(string creatorId) => new(creatorId, "bearer:" + creatorId);

    /// <summary>The caller the pipeline let through to a page function.</summary>
    /// <exception cref="InvalidOperationException">Called outside a page route (the gate didn't run for it).</exception>
    public static PageCaller Of(HttpRequest request) =>
        request.HttpContext.Items.TryGetValue(ItemKey, out var caller) && caller is PageCaller known
            ? known
            : throw new InvalidOperationException("No page caller: this is not a page route behind the caller gate.");

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;
}

/// <summary>
/// The page's session cookie and its anti-forgery tokens: HMAC-SHA256 under keys derived from the link signing keys
/// (first signs, all verify), checked in constant time. A cookie carries the creator, a random session id and its
/// expiry, so it can't be moved to another creator or outlive <c>AccountLinks__SessionHours</c>.
/// </summary>
public sealed class PageSessions
{
    /// <summary>Scoped to the page's own path: the API routes never see it.</summary>
    public const string CookieName = "cah_session";

    public const string CookiePath = "/api/account";

    /// <summary>The form field every page form carries.</summary>
    public const string AntiForgeryField = "csrf";

    private const string Version = "v1";

    private readonly Lazy<IReadOnlyList<byte[]>> sessionKeyList;
    private readonly Lazy<IReadOnlyList<byte[]>> antiForgeryKeyList;
    private readonly PageSessionOptions options;
    private readonly TimeProvider time;

    public PageSessions(IOptions<PageSessionOptions> options, IOptions<AccountLinkOptions> links, TimeProvider time)
    {
        this.options = options.Value;
        this.time = time;

        // Keys of their own, derived from the link keys (first signs, all verify: the links' rotation rotates sessions
        // too). Derived on first use: the gate is built for every route, and the link options are validated at start-up.
        var secrets = new Lazy<IReadOnlyList<byte[]>>(() => links.Value.Secrets.Select(Encoding.UTF8.GetBytes).ToList());
        sessionKeyList = new(() => Derived(secrets.Value, "account-page-session"));
        antiForgeryKeyList = new(() => Derived(secrets.Value, "account-page-anti-forgery"));
    }

    private IReadOnlyList<byte[]> sessionKeys => sessionKeyList.Value;

    private IReadOnlyList<byte[]> antiForgeryKeys => antiForgeryKeyList.Value;

    /// <summary>A new session for <paramref name="creatorId"/>: the cookie's value and the session it stands for.</summary>
    public (string Value, PageSession Session) Issue(string creatorId)
    {
        var session = new PageSession(creatorId, WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)), time.GetUtcNow() + options.SessionLifetime);
        var payload = string.Join('.', Version, WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(creatorId)), session.SessionId,
            session.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        return (payload + "." + WebEncoders.Base64UrlEncode(Mac(sessionKeys[0], payload)), session);
    }

    /// <summary>The session a cookie stands for, or null when it is forged, altered, expired or unreadable.</summary>
    public PageSession? Read(string value)
    {
        var parts = value.Split('.');
        if (parts is not [Version, var creator, var sessionId, var expires, var mac] || !TryDecode(mac, out var presented))
        {
            return null;
        }

        var payload = value[..value.LastIndexOf('.')];
        if (!sessionKeys.Any(k => CryptographicOperations.FixedTimeEquals(Mac(k, payload), presented))
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || !TryDecode(creator, out var creatorBytes))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(unix);
        return time.GetUtcNow() < expiresAt ? new PageSession(Encoding.UTF8.GetString(creatorBytes), sessionId, expiresAt) : null;
    }

    /// <summary>
    /// How the cookie is set: HttpOnly, SameSite=Lax (a link from an email is a top-level GET, so it carries the cookie),
    /// Secure unless the request came to localhost (plain-HTTP local development), path /api/account, expiring with the session.
    /// </summary>
    public static CookieOptions CookieOptions(HttpRequest request, DateTimeOffset expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = !IsLocalhost(request.Host.Host),
        Path = CookiePath,
        Expires = expiresAt,
        IsEssential = true,
    };

    /// <summary>The anti-forgery token for the caller's forms (a synchronizer token: bound to the session, not stored).</summary>
    public string AntiForgeryToken(PageCaller caller) => WebEncoders.Base64UrlEncode(Mac(antiForgeryKeys[0], caller.Binding));

    public bool IsValidAntiForgeryToken(PageCaller caller, string? token) =>
        token is not null && TryDecode(token, out var presented)
        && antiForgeryKeys.Any(k => CryptographicOperations.FixedTimeEquals(Mac(k, caller.Binding), presented));

    public static bool IsLocalhost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host == "127.0.0.1" || host is "::1" or "[::1]";

    /// <summary>One key per purpose, so a session MAC can never pass as a link signature or an anti-forgery token.</summary>
    private static IReadOnlyList<byte[]> Derived(IReadOnlyList<byte[]> keys, string purpose) =>
        keys.Count == 0
            ? throw new InvalidOperationException("AccountLinks__SigningKeys lists no secret: page sessions can't be signed.")
            : keys.Select(k => HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(purpose))).ToList();

    private static byte[] Mac(byte[] key, string text) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));

    private static bool TryDecode(string text, out byte[] bytes)
    {
        try
        {
            bytes = WebEncoders.Base64UrlDecode(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
