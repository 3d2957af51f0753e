using System.Net;
using System.Text;
using CreatorAccountHealth.Functions.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Identity;

/// <summary>Settings section <c>CreatorAuth</c>: who may call the creator and admin routes.</summary>
public sealed class CreatorAuthOptions
{
    public const string SectionName = "CreatorAuth";

    public const string DefaultAdminRole = "account-health.admin";

    /// <summary>HS256 needs a key at least as long as its 256-bit output; shorter secrets are guessable offline from one token.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>
    /// The development secret in local.settings.sample.json. Everyone who has the repository has it, so start-up refuses it
    /// when <c>AZURE_FUNCTIONS_ENVIRONMENT</c> is <c>Production</c>.
    /// </summary>
    public const string SampleSigningKey = "local-dev-only-creator-token-secret-do-not-deploy";

    /// <summary><c>CreatorAuth__Issuer</c>: the token's <c>iss</c>, exactly.</summary>
    public string Issuer { get; set; } = "";

    /// <summary><c>CreatorAuth__Audience</c>: the token's <c>aud</c> must contain it.</summary>
    public string Audience { get; set; } = "";

    /// <summary>
    /// <c>CreatorAuth__SigningKeys</c>: comma-separated HS256 secrets (UTF-8). During a rotation both are listed; a token
    /// signed with either is accepted.
    /// </summary>
    public string? SigningKeys { get; set; }

    /// <summary><c>CreatorAuth__JwksUri</c>: the issuer's JWKS (RS256/ES256 public keys).</summary>
    public string? JwksUri { get; set; }

    /// <summary><c>CreatorAuth__AdminRole</c>: the value the token's <c>roles</c> array must hold on admin routes.</summary>
    public string AdminRole { get; set; } = DefaultAdminRole;

    /// <summary>From <c>AZURE_FUNCTIONS_ENVIRONMENT</c>, not from the section.</summary>
    public bool IsProduction { get; internal set; }

    public IReadOnlyList<string> Secrets =>
        (SigningKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Uri? Jwks => string.IsNullOrWhiteSpace(JwksUri) ? null : new Uri(JwksUri.Trim(), UriKind.Absolute);

    /// <summary>Every problem with the settings, each a sentence naming the setting to fix.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Issuer))
        {
            yield return "CreatorAuth__Issuer must name the token issuer (the tokens' 'iss').";
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return "CreatorAuth__Audience must name this API as the tokens' audience ('aud').";
        }

        if (string.IsNullOrWhiteSpace(AdminRole))
        {
            yield return $"CreatorAuth__AdminRole must not be empty (default '{DefaultAdminRole}').";
        }

        if (Secrets.Count == 0 && string.IsNullOrWhiteSpace(JwksUri))
        {
            yield return "Set CreatorAuth__SigningKeys (HS256 secrets, comma-separated) and/or CreatorAuth__JwksUri (the issuer's https JWKS): without a key no creator or admin request can be checked.";
        }

        if (KeyVaultReferences.IsUnresolved(SigningKeys))
        {
            yield return "CreatorAuth__SigningKeys is an unresolved Key Vault reference: tokens signed with the reference text would be accepted. Check the app's Key Vault access.";
            yield break;
        }

        for (var i = 0; i < Secrets.Count; i++)
        {
            if (Encoding.UTF8.GetByteCount(Secrets[i]) < MinSecretBytes)
            {
                yield return $"CreatorAuth__SigningKeys: secret {i + 1} of {Secrets.Count} is shorter than {MinSecretBytes} bytes; HS256 secrets must be at least {MinSecretBytes} bytes.";
            }
        }

        if (IsProduction && Secrets.Contains(SampleSigningKey, StringComparer.Ordinal))
        {
            yield return "CreatorAuth__SigningKeys holds the development secret from local.settings.sample.json, which is public; it is refused when AZURE_FUNCTIONS_ENVIRONMENT is Production.";
        }

        if (!string.IsNullOrWhiteSpace(JwksUri))
        {
            if (!Uri.TryCreate(JwksUri!.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                yield return $"CreatorAuth__JwksUri '{JwksUri}' is not an absolute https URL.";
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && (IsProduction || !IsLoopback(uri)))
            {
                // Keys fetched in clear text could be swapped on the way. Plain http only for a test server on this machine.
                yield return $"CreatorAuth__JwksUri '{JwksUri}' must use https (plain http is allowed only for a loopback address outside Production).";
            }
        }
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    internal sealed class Validator : IValidateOptions<CreatorAuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, CreatorAuthOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
