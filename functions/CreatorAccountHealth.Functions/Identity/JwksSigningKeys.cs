using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.Functions.Identity;

/// <summary>
/// The issuer's public keys from <c>CreatorAuth__JwksUri</c>: fetched on first use, kept for an hour, and fetched again
/// at once when a token names a key id we don't hold (the issuer rotated), at most every <see cref="UnknownKidRefreshInterval"/>
/// so random key ids can't make us hammer the issuer. The library's ConfigurationManager refreshes in the background and
/// answers with the stale keys meanwhile, which would refuse the first tokens of a rotation; parsing and crypto stay the library's.
/// </summary>
public sealed class JwksSigningKeys : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    public static readonly TimeSpan UnknownKidRefreshInterval = TimeSpan.FromSeconds(10);

    private readonly Uri? uri;
    private readonly TimeProvider time;
    private readonly ILogger<JwksSigningKeys> logger;
    private readonly HttpClient http;
    private readonly SemaphoreSlim fetching = new(1, 1);
    private Snapshot? current;
    private DateTimeOffset lastAttempt = DateTimeOffset.MinValue;

    public JwksSigningKeys(IOptions<CreatorAuthOptions> options, TimeProvider time, ILogger<JwksSigningKeys> logger)
    {
        uri = options.Value.Jwks;
        this.time = time;
        this.logger = logger;
        http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    public bool IsConfigured => uri is not null;

    /// <summary>The keys to check a token whose header names <paramref name="kid"/> against.</summary>
    /// <exception cref="IdentityKeysUnavailableException">No keys were ever fetched and the JWKS can't be read now.</exception>
    public async Task<IReadOnlyList<SecurityKey>> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        if (uri is null)
        {
            return [];
        }

        var snapshot = current;
        var now = time.GetUtcNow();
        var stale = snapshot is null || now - snapshot.FetchedAt >= MaxAge;
        var unknownKid = snapshot is not null && !string.IsNullOrEmpty(kid) && !snapshot.KeyIds.Contains(kid);
        if (stale || (unknownKid && now - lastAttempt >= UnknownKidRefreshInterval))
        {
            snapshot = await RefreshAsync(snapshot, cancellationToken);
        }

        return snapshot?.Keys ?? throw new IdentityKeysUnavailableException("The token issuer's keys (CreatorAuth__JwksUri) could not be read.");
    }

    private async Task<Snapshot?> RefreshAsync(Snapshot? seen, CancellationToken cancellationToken)
    {
        await fetching.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(current, seen))
            {
                return current; // another request fetched them while this one waited
            }

            lastAttempt = time.GetUtcNow();
            try
            {
                var json = await http.GetStringAsync(uri, cancellationToken);
                var set = new JsonWebKeySet(json) { SkipUnresolvedJsonWebKeys = true };
                var keys = set.GetSigningKeys();
                current = new Snapshot(keys.ToList(), keys.Select(k => k.KeyId).Where(k => k is not null).ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
                logger.LogInformation("Read {KeyCount} signing keys from the token issuer's JWKS", keys.Count);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // Keep answering with the keys we have: an issuer outage must not lock out every caller at once.
                logger.LogWarning(e, "Could not read the token issuer's JWKS from {JwksUri}", uri);
            }

            return current;
        }
        finally
        {
            fetching.Release();
        }
    }

    public void Dispose()
    {
        http.Dispose();
        fetching.Dispose();
    }

    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, HashSet<string> KeyIds, DateTimeOffset FetchedAt);
}

/// <summary>The keys that check tokens can't be read now: the caller gets a 503, not a 401 it can't fix.</summary>
public sealed class IdentityKeysUnavailableException(string message) : Exception(message);
