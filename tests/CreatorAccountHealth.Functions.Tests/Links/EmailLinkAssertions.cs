using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Web;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CreatorAccountHealth.Functions.Tests.Links;

/// <summary>Reads the links out of an email as SendGrid received it and checks each one against the test apps' link keys.</summary>
public static partial class EmailLinkAssertions
{
    /// <summary>The test apps' settings (<see cref="LinkTestSettings"/>), with a clock of the caller's choosing.</summary>
    public static AccountLinks Links(TimeProvider? time = null) => new(
        Options.Create(new AppOptions { PublicBaseUrl = LinkTestSettings.PublicBaseUrl }),
        Options.Create(new AccountLinkOptions { SigningKeys = LinkTestSettings.Secret }),
        time ?? TimeProvider.System,
        NullLogger<AccountLinks>.Instance);

    /// <summary>The links a test renders an email with (the same settings the test apps use).</summary>
    public static EmailLinks For(string creatorId, EmailKind kind, TimeProvider? time = null) =>
        new EmailLinkFactory(Links(time), Options.Create(new AppealOptions { UrlTemplate = LinkTestSettings.AppealUrlTemplate })).For(creatorId, kind);

    /// <summary>Every href of the HTML, decoded.</summary>
    public static IReadOnlyList<string> Hrefs(string html) => [.. Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// <summary>The HTML and text parts of a SendGrid mail/send request.</summary>
    public static (string Html, string Text) Content(JsonElement mail)
    {
        var content = mail.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        return (content["text/html"], content["text/plain"]);
    }

    /// <summary>The account-link targets among <paramref name="hrefs"/>, each checked to be a valid link for <paramref name="creatorId"/>.</summary>
    public static async Task<IReadOnlyList<string>> PageTargetsAsync(IEnumerable<string> hrefs, string creatorId, TimeProvider time)
    {
        var targets = new List<string>();
        foreach (var href in hrefs.Where(h => h.StartsWith(LinkTestSettings.PublicBaseUrl + AccountLinks.EnterPath + "?", StringComparison.Ordinal)))
        {
            var valid = Assert.IsType<LinkTokenCheck.Valid>(await Links(time).VerifyAsync(TokenOf(href), LinkPurpose.Account));
            Assert.Equal(creatorId, valid.CreatorId);
            targets.Add(valid.Target!);
        }

        return targets;
    }

    /// <summary>Asserts the one-click headers and that the URL unsubscribes <paramref name="creatorId"/> from <paramref name="kind"/>; returns the URL.</summary>
    public static async Task<string> AssertOneClickAsync(JsonElement mail, string creatorId, EmailKind kind, TimeProvider time)
    {
        var headers = mail.GetProperty("headers");
        var listUnsubscribe = headers.GetProperty("List-Unsubscribe").GetString()!;
        Assert.Equal("List-Unsubscribe=One-Click", headers.GetProperty("List-Unsubscribe-Post").GetString());
        Assert.Matches("^<https://[^<>]+>$", listUnsubscribe);
        var url = listUnsubscribe[1..^1];
        Assert.StartsWith(LinkTestSettings.PublicBaseUrl + AccountLinks.UnsubscribePath + "?token=", url);
        var valid = Assert.IsType<LinkTokenCheck.Valid>(await Links(time).VerifyAsync(TokenOf(url), LinkPurpose.Unsubscribe));
        Assert.Equal((creatorId, kind), (valid.CreatorId, valid.Kind!.Value));
        return url;
    }

    public static string TokenOf(string url) => HttpUtility.ParseQueryString(new Uri(url).Query)[AccountLinks.TokenParameter]!;

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
