using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Email;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Links;

/// <summary>Settings section <c>Appeals</c>: where a creator appeals a violation, on the platform.</summary>
public sealed class AppealOptions
{
    public const string SectionName = "Appeals";

    public const string Placeholder = "{violationId}";

    /// <summary><c>Appeals__UrlTemplate</c>: an absolute http(s) URL holding <c>{violationId}</c>, e.g. <c>https://platform.example/appeals/{violationId}</c>.</summary>
    public string UrlTemplate { get; set; } = "";

    /// <summary>The appeal URL of one violation; its id URL-escaped, so no id can change the link's path or host.</summary>
    public string UrlFor(string violationId) => UrlTemplate.Trim().Replace(Placeholder, Uri.EscapeDataString(violationId), StringComparison.Ordinal);

    public IEnumerable<string> Problems(bool production = false)
    {
        var template = UrlTemplate.Trim();
        if (!template.Contains(Placeholder, StringComparison.Ordinal))
        {
            yield return $"Appeals__UrlTemplate must be the platform's appeal URL with {Placeholder} where the violation id goes (e.g. https://platform.example/appeals/{Placeholder}), not '{template}'.";
            yield break;
        }

        // The id goes into the path or the query, never the host: an id must not be able to choose where the link leads.
        var scheme = template.IndexOf("://", StringComparison.Ordinal);
        var pathStart = scheme < 0 ? -1 : template.IndexOfAny(['/', '?'], scheme + 3);
        if (!Uri.TryCreate(UrlFor("v-1"), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || pathStart < 0 || template.IndexOf(Placeholder, StringComparison.Ordinal) < pathStart)
        {
            yield return $"Appeals__UrlTemplate '{template}' is not an absolute http(s) URL (with {Placeholder} in its path or query, not its host).";
        }
        else if (production && uri.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"Appeals__UrlTemplate '{template}' must use https when AZURE_FUNCTIONS_ENVIRONMENT is Production.";
        }
    }

    internal sealed class Validator(bool production) : IValidateOptions<AppealOptions>
    {
        public ValidateOptionsResult Validate(string? name, AppealOptions options)
        {
            var problems = options.Problems(production).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

/// <summary>
/// The links one email to one creator carries, made when it is rendered: the Account Standing page, each open quiz,
/// each violation's appeal, the email preferences, and for the kinds a creator can turn off the one-click unsubscribe URL
/// with its RFC 8058 headers. Each page link is a signed link (<see cref="AccountLinks"/>) bound to the creator.
/// </summary>
public sealed class EmailLinks(AccountLinks links, AppealOptions appeals, string creatorId, EmailKind kind)
{
    /// <summary>RFC 2369 / RFC 8058 header names.</summary>
    public const string ListUnsubscribeHeader = "List-Unsubscribe";

    public const string ListUnsubscribePostHeader = "List-Unsubscribe-Post";

    /// <summary>The one value RFC 8058 defines for <c>List-Unsubscribe-Post</c>.</summary>
    public const string OneClickPost = "List-Unsubscribe=One-Click";

    /// <summary>The Account Standing page.</summary>
    public string Page { get; } = links.PageLink(creatorId).AbsoluteUri;

    /// <summary>The email preferences on the page.</summary>
    public string Preferences { get; } = links.PageLink(creatorId, AccountLinks.PreferencesTarget).AbsoluteUri;

    /// <summary>The one-click unsubscribe URL for this kind of email; null for workshop emails (no opt-out).</summary>
    public string? Unsubscribe { get; } = CreatorEmailChoices.IsOptional(kind) ? links.UnsubscribeLink(creatorId, kind).AbsoluteUri : null;

    /// <summary>The headers that make the mailbox show its own "Unsubscribe" button (RFC 8058); none for workshop emails.</summary>
    public IReadOnlyDictionary<string, string> Headers => Unsubscribe is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { [ListUnsubscribeHeader] = $"<{Unsubscribe}>", [ListUnsubscribePostHeader] = OneClickPost };

    /// <summary>The quiz of one violation, taken in the page.</summary>
    public string Quiz(string violationId) => links.PageLink(creatorId, AccountLinks.QuizTarget(violationId)).AbsoluteUri;

    /// <summary>Where the creator appeals one violation (<c>Appeals__UrlTemplate</c>).</summary>
    public string Appeal(string violationId) => appeals.UrlFor(violationId);

    /// <summary>One workshop on the page.</summary>
    public string Workshop(string trainingId) => links.PageLink(creatorId, AccountLinks.WorkshopTarget(trainingId)).AbsoluteUri;
}

/// <summary>Makes the <see cref="EmailLinks"/> of each email (singleton).</summary>
public sealed class EmailLinkFactory(AccountLinks links, IOptions<AppealOptions> appeals)
{
    public EmailLinks For(string creatorId, EmailKind kind) => new(links, appeals.Value, creatorId, kind);
}
