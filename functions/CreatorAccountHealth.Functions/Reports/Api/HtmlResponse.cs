using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary>
/// Writes an HTML page (a rendered report) straight to the response, like <see cref="Http.JsonResponse"/> does JSON.
/// The page is served from the API's own origin, so the policy allows inline styles and nothing else: even if markup
/// ever slipped through the template's encoding, no script, frame or remote resource would load.
/// </summary>
public sealed class HtmlResponse(string html) : IActionResult
{
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public string Html { get; } = html;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.Vary = "Accept";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(Html), context.HttpContext.RequestAborted);
    }
}
