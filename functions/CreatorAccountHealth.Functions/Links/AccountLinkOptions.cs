using System.Text;
using CreatorAccountHealth.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Links;

/// <summary>Settings section <c>App</c>: <c>App__PublicBaseUrl</c>, where creators reach this app.</summary>
public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>The default in local.settings.sample.json: the local runtime's own address.</summary>
    public const string LocalDefault = "http://localhost:7071";

    /// <summary><c>App__PublicBaseUrl</c>: absolute http(s) URL every link in an email starts with (https in Production).</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The base URL without a trailing slash (valid settings only).</summary>
    public Uri BaseUri => new(PublicBaseUrl.Trim().TrimEnd('/'), UriKind.Absolute);

    /// <param name="production"><c>AZURE_FUNCTIONS_ENVIRONMENT</c> is <c>Production</c>.</param>
    public IEnumerable<string> Problems(bool production = false)
    {
        var value = PublicBaseUrl.Trim();
        if (value.Length == 0)
        {
            yield return $"App__PublicBaseUrl must be the absolute URL creators reach this app at (e.g. https://account-health.example.com; locally {LocalDefault}): every link in an email is built from it.";
            yield break;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            yield return $"App__PublicBaseUrl '{value}' is not an absolute http(s) URL.";
            yield break;
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            yield return $"App__PublicBaseUrl '{value}' must be a plain base URL: no query, fragment or user info.";
        }

        if (production && uri.Scheme != Uri.UriSchemeHttps)
        {
            // RFC 8058: the one-click unsubscribe URI must be https; and a link token sent in clear text could be read on the way.
            yield return $"App__PublicBaseUrl '{value}' must use https when AZURE_FUNCTIONS_ENVIRONMENT is Production.";
        }
    }

    internal sealed class Validator(bool production) : IValidateOptions<AppOptions>
    {
        public ValidateOptionsResult Validate(string? name, AppOptions options)
        {
            var problems = options.Problems(production).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>Settings section <c>AccountLinks</c>: the signed links in emails.</summary>
public sealed class AccountLinkOptions
{
    public const string SectionName = "AccountLinks";

    /// <summary>HS256 needs a key at least as long as its 256-bit output.</summary>
    public const int MinSecretBytes = 32;

    /// <summary>
    /// The development secret in local.settings.sample.json: public, so refused when <c>AZURE_FUNCTIONS_ENVIRONMENT</c> is
    /// <c>Production</c>.
    /// </summary>
    public const string SampleSigningKey = "local-dev-only-account-link-secret-do-not-deploy";

    /// <summary>
    /// CAN-SPAM wants an unsubscribe link to keep working at least 30 days after the email is sent; mailbox providers may
    /// POST it whenever the reader presses their button.
    /// </summary>
    public const int MinUnsubscribeLifetimeDays = 30;

    /// <summary><c>AccountLinks__SigningKeys</c>: comma-separated secrets (UTF-8, 32 bytes or more); the first signs, all verify (rotation).</summary>
    public string? SigningKeys { get; set; }

    /// <summary><c>AccountLinks__LifetimeDays</c>: how long a link to the Account Standing page opens it.</summary>
    public int LifetimeDays { get; set; } = 14;

    /// <summary><c>AccountLinks__UnsubscribeLifetimeDays</c>: how long an email's one-click unsubscribe link works.</summary>
    public int UnsubscribeLifetimeDays { get; set; } = 60;

    public IReadOnlyList<string> Secrets =>
        (SigningKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <param name="production"><c>AZURE_FUNCTIONS_ENVIRONMENT</c> is <c>Production</c>.</param>
    public IEnumerable<string> Problems(bool production = false)
    {
        if (KeyVaultReferences.IsUnresolved(SigningKeys))
        {
            yield return "AccountLinks__SigningKeys is an unresolved Key Vault reference: links signed with the reference text would be accepted. Check the app's Key Vault access.";
        }
        else if (Secrets.Count == 0)
        {
            yield return $"AccountLinks__SigningKeys must list at least one secret of {MinSecretBytes} bytes or more (comma-separated; the first signs, all verify): it signs the links in emails.";
        }
        else
        {
            for (var i = 0; i < Secrets.Count; i++)
            {
                if (Encoding.UTF8.GetByteCount(Secrets[i]) < MinSecretBytes)
                {
                    yield return $"AccountLinks__SigningKeys: secret {i + 1} of {Secrets.Count} is shorter than {MinSecretBytes} bytes.";
                }
            }

            if (production && Secrets.Contains(SampleSigningKey, StringComparer.Ordinal))
            {
                yield return "AccountLinks__SigningKeys holds the development secret from local.settings.sample.json, which is public; it is refused when AZURE_FUNCTIONS_ENVIRONMENT is Production.";
            }
        }

        if (LifetimeDays is < 1 or > 90)
        {
            yield return $"AccountLinks__LifetimeDays must be from 1 to 90 (default 14), not {LifetimeDays}.";
        }

        if (UnsubscribeLifetimeDays is < MinUnsubscribeLifetimeDays or > 365)
        {
            yield return $"AccountLinks__UnsubscribeLifetimeDays must be from {MinUnsubscribeLifetimeDays} to 365 (default 60), not {UnsubscribeLifetimeDays}: an unsubscribe link must keep working at least {MinUnsubscribeLifetimeDays} days after its email.";
        }
    }

    internal sealed class Validator(bool production) : IValidateOptions<AccountLinkOptions>
    {
        public ValidateOptionsResult Validate(string? name, AccountLinkOptions options)
        {
            var problems = options.Problems(production).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
