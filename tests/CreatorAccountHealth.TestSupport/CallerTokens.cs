using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Functions.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// Bearer tokens as the platform issues them, for the test harnesses: an HS256 secret, issuer and audience the test
/// apps are configured with, and tokens for a creator or the back office.
/// </summary>
public static class CallerTokens
{
    public const string Issuer = "https://platform.test/identity";

    public const string Audience = "creator-account-health.test";

    public const string Secret = "test-only-hs256-secret-for-creator-tokens-0123456789";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The CreatorAuth settings matching these tokens, with <paramref name="separator"/> ":" (configuration) or "__" (app settings).</summary>
    public static Dictionary<string, string?> Settings(string separator) => new()
    {
        [$"{CreatorAuthOptions.SectionName}{separator}{nameof(CreatorAuthOptions.Issuer)}"] = Issuer,
        [$"{CreatorAuthOptions.SectionName}{separator}{nameof(CreatorAuthOptions.Audience)}"] = Audience,
        [$"{CreatorAuthOptions.SectionName}{separator}{nameof(CreatorAuthOptions.SigningKeys)}"] = Secret,
    };

    public static string Creator(string creatorId, DateTimeOffset now) => Mint(new TokenSpec { Subject = creatorId }, now);

    public static string Admin(DateTimeOffset now) => Mint(new TokenSpec { Subject = "back-office-user", Roles = [CreatorAuthOptions.DefaultAdminRole] }, now);

    /// <summary>A token as described, issued at <paramref name="now"/> unless the spec moves its times.</summary>
    public static string Mint(TokenSpec spec, DateTimeOffset now)
    {
        var claims = new Dictionary<string, object>();
        if (spec.Subject is not null)
        {
            claims["sub"] = spec.Subject;
        }

        if (spec.Roles is not null)
        {
            claims["roles"] = spec.Roles;
        }

        var issuedAt = (now + spec.Shift).UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer ?? Issuer,
            Audience = spec.Audience ?? Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (spec.Lifetime ?? Lifetime),
            Claims = claims,
            SigningCredentials = spec.Credentials ?? Hs256(Secret),
        });
    }

    public static SigningCredentials Hs256(string secret) =>
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256);

    public static SigningCredentials Rs256(RSA rsa, string kid) =>
        new(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256);

    public static SigningCredentials Es256(ECDsa ecdsa, string kid) =>
        new(new ECDsaSecurityKey(ecdsa) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256);
}

/// <summary>What to put in a test token; unset fields take the valid defaults.</summary>
public sealed record TokenSpec
{
    public string? Subject { get; init; }

    public string[]? Roles { get; init; }

    public string? Issuer { get; init; }

    public string? Audience { get; init; }

    /// <summary>Moves the token's iat/nbf (and so exp) from now: negative for one issued in the past.</summary>
    public TimeSpan Shift { get; init; }

    public TimeSpan? Lifetime { get; init; }

    public SigningCredentials? Credentials { get; init; }
}
