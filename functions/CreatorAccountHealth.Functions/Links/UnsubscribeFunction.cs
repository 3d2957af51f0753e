using System.Text;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Http;
using Fluid;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Links;

/// <summary>
/// One-click unsubscribe (RFC 8058) at <c>/api/email/unsubscribe?token=…</c>, the URL in the <c>List-Unsubscribe</c>
/// header of weekly report and milestone alert emails. The token (an <see cref="LinkPurpose.Unsubscribe"/> link) names
/// the creator and the kind of email; it can do nothing else (not open the page, not unsubscribe anyone else).
/// <list type="bullet">
/// <item><c>POST</c> with the form field <c>List-Unsubscribe=One-Click</c> (what a mailbox sends when its reader presses
/// "Unsubscribe"): that kind of email is turned off for the creator at once, <c>200</c>. No login, no page in between.</item>
/// <item><c>GET</c> (a person opened the link, or a scanner followed it): a small page with a confirm button that makes
/// the same POST. A GET never changes anything, so link scanners and prefetchers can't unsubscribe anyone.</item>
/// </list>
/// Refusals: a POST gets problem details (a mailbox provider reads the status), a GET a friendly page; <c>410</c> for a
/// genuine link past its expiry, <c>403</c> for anything else (forged, altered, another purpose: signing in again can't help,
/// hence not 401).
/// </summary>
public sealed class UnsubscribeFunction(AccountLinks links, EmailPreferencesService preferences, ILogger<UnsubscribeFunction> logger)
{
    public const string Route = "email/unsubscribe";

    /// <summary>RFC 8058 §3.1: the body of the POST is exactly this form field.</summary>
    public const string OneClickField = "List-Unsubscribe";

    public const string OneClickValue = "One-Click";

    /// <summary>The POST body is one short form field; anything bigger is not a one-click unsubscribe.</summary>
    private const int MaxBodyBytes = 4096;

    private static readonly Fluid.IFluidTemplate Template = LiquidTemplates.Parse(typeof(UnsubscribeFunction), "unsubscribe.html.liquid");
    private static readonly TemplateOptions TemplateOptions = LiquidTemplates.Options(typeof(UnsubscribePage));

    /// <summary><c>GET</c>: the confirm page (nothing changes on a GET).</summary>
    [Function("ShowUnsubscribe")]
    [PublicEndpoint("the signed, purpose-bound token in the URL is the authority; a GET only shows the confirm button")]
    public async Task<IActionResult> Show(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest request)
    {
        var check = await links.VerifyAsync(request.Query[AccountLinks.TokenParameter].ToString(), LinkPurpose.Unsubscribe);
        if (check is not LinkTokenCheck.Valid { Kind: { } kind })
        {
            return RefusePage(check);
        }

        // The confirm button posts the same one-click form to this same URL (the form has no action). It carries no
        // anti-forgery token on purpose: the signed token in the URL is the only authority here, there is no session or
        // cookie a forged cross-site POST could ride on, and whoever can make a browser post this URL already holds the
        // token, which is all an unsubscribe takes.
        return Page(StatusCodes.Status200OK, new UnsubscribePage(
            $"Stop {KindText(kind)}?",
            [$"You will no longer get {KindText(kind)} about your Creator Account Health standing. You can turn them back on any time from the email preferences on your Account Standing page."],
            Confirm: true,
            $"Unsubscribe from {KindText(kind)}"));
    }

    /// <summary><c>POST List-Unsubscribe=One-Click</c>: that kind of email off for the creator, at once.</summary>
    [Function("OneClickUnsubscribe")]
    [PublicEndpoint("the signed, purpose-bound token in the URL is the authority (RFC 8058: no login, no page)")]
    public async Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var check = await links.VerifyAsync(request.Query[AccountLinks.TokenParameter].ToString(), LinkPurpose.Unsubscribe);
        if (check is not LinkTokenCheck.Valid { Kind: { } kind } valid)
        {
            return RefuseProblem(check);
        }

        if (!await IsOneClickAsync(request, cancellationToken))
        {
            return Problems.BadRequest(
                "Not a one-click unsubscribe",
                $"POST the form field {OneClickField}={OneClickValue} (RFC 8058) as application/x-www-form-urlencoded or multipart/form-data.");
        }

        var outcome = await preferences.SetAsync(valid.CreatorId, kind, on: false, EmailChoiceSource.Unsubscribe, cancellationToken);
        if (outcome is EmailChoiceOutcome.UnknownCreator)
        {
            // Erased or never known: nothing is sent to them anyway. Saying so (200) is the truthful answer to a mailbox.
            logger.LogInformation("One-click unsubscribe from {Kind} for creator {CreatorId}, who has nothing recorded: nothing to turn off", kind, valid.CreatorId);
        }

        return Page(StatusCodes.Status200OK, new UnsubscribePage(
            "You're unsubscribed",
            [$"We won't send you {KindText(kind)} any more. You can turn them back on any time from the email preferences on your Account Standing page."],
            Confirm: false,
            null));
    }

    private static async Task<bool> IsOneClickAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength is > MaxBodyBytes)
        {
            return false;
        }

        try
        {
            var form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { ValueCountLimit = 16, ValueLengthLimit = MaxBodyBytes, MultipartBodyLengthLimit = MaxBodyBytes }, cancellationToken);
            return form[OneClickField].ToString() == OneClickValue;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static IActionResult RefuseProblem(LinkTokenCheck check) => check is LinkTokenCheck.Expired
        ? Problems.Refused(
            StatusCodes.Status410Gone,
            "https://tools.ietf.org/html/rfc9110#section-15.5.11",
            "Unsubscribe link expired",
            "This unsubscribe link has expired. Use the link in a more recent email, or turn the emails off on the Account Standing page.",
            "linkExpired")
        : Problems.Refused(
            StatusCodes.Status403Forbidden,
            "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            "Invalid unsubscribe link",
            "This unsubscribe link is not valid: it may have been cut short or changed. Use the link in the email exactly as it is.",
            "linkInvalid");

    private static IActionResult RefusePage(LinkTokenCheck check) => check is LinkTokenCheck.Expired
        ? Page(StatusCodes.Status410Gone, new UnsubscribePage(
            "This unsubscribe link has expired",
            ["Links in our emails stop working after a while, to keep your account safe.", "Use the unsubscribe link in a more recent email, or turn these emails off from the email preferences on your Account Standing page."],
            Confirm: false,
            null))
        : Page(StatusCodes.Status403Forbidden, new UnsubscribePage(
            "This unsubscribe link doesn't work",
            ["It may have been cut short or changed when it was copied.", "Open the unsubscribe link straight from the email, or turn these emails off from the email preferences on your Account Standing page."],
            Confirm: false,
            null));

    private static string KindText(EmailKind kind) => kind == EmailKind.WeeklyReport ? "weekly report emails" : "milestone alert emails";

    private static UnsubscribeResult Page(int status, UnsubscribePage page) => new(Template.RenderHtml(page, TemplateOptions), status);

    /// <summary>What the page shows (HTML-encoded by the template).</summary>
    public sealed record UnsubscribePage(string Title, IReadOnlyList<string> Lines, bool Confirm, string? Button);

    /// <summary>
    /// The page with the headers a page whose URL holds a token needs: never cached, never sent as a Referer, nothing
    /// loaded but its inline style, its one form posting back here.
    /// </summary>
    public sealed class UnsubscribeResult(string html, int status) : IActionResult
    {
        public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

        public int Status { get; } = status;

        public async Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = Status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(html), context.HttpContext.RequestAborted);
        }
    }
}
