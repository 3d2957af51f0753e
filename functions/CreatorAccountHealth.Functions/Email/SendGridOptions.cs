using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>Settings section <c>SendGrid</c>.</summary>
public sealed class SendGridOptions
{
    public const string SectionName = "SendGrid";

    /// <summary><c>SendGrid__ApiKey</c> (required): an API key with the Mail Send permission.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>
    /// <c>SendGrid__Host</c> (optional): the API's base URL, <c>https://api.sendgrid.com</c> when unset. Tests and local
    /// runs point it at a server on 127.0.0.1 to capture the real requests.
    /// </summary>
    public string? Host { get; set; }

    /// <summary><c>SendGrid__FromEmail</c> (required): a sender SendGrid has verified for the account.</summary>
    public string FromEmail { get; set; } = "";

    /// <summary><c>SendGrid__FromName</c>: the sender's display name.</summary>
    public string FromName { get; set; } = "Creator Account Health";

    /// <summary><c>SendGrid__ReplyTo</c> (required): where a creator's reply goes, a mailbox someone reads.</summary>
    public string ReplyTo { get; set; } = "";
}

/// <summary>Lists every problem at once, each naming its setting, so one start-up failure tells the whole story.</summary>
internal sealed class SendGridOptionsValidator : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            problems.Add("SendGrid__ApiKey is required.");
        }
        else if (Hosting.KeyVaultReferences.IsUnresolved(options.ApiKey))
        {
            problems.Add("SendGrid__ApiKey is an unresolved Key Vault reference: check the app's Key Vault access.");
        }

        if (!IsAddress(options.FromEmail))
        {
            problems.Add("SendGrid__FromEmail must be an email address.");
        }

        if (!IsAddress(options.ReplyTo))
        {
            problems.Add("SendGrid__ReplyTo must be an email address.");
        }

        if (!string.IsNullOrWhiteSpace(options.Host)
            && !(Uri.TryCreate(options.Host, UriKind.Absolute, out var host) && (host.Scheme == Uri.UriSchemeHttps || host.Scheme == Uri.UriSchemeHttp)))
        {
            problems.Add("SendGrid__Host must be an absolute http(s) URL, e.g. http://127.0.0.1:5005.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsAddress(string value) =>
        MailAddress.TryCreate(value, out var address) && address.Address == value.Trim() && string.IsNullOrEmpty(address.DisplayName);
}
