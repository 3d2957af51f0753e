using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreatorAccountHealth.Functions.Http;

/// <summary>
/// The headers every answer of the creator's page carries, in one place: personal pages are never stored by a cache,
/// never sniffed as another type, and never send their URL (which may have held a link token) as a Referer.
/// </summary>
public static class PageHeaders
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>
    /// Nothing loads but what the page itself carries: its one stylesheet and script by nonce, forms (and the script's
    /// save of a preference) posting to this app only, no framing. The stored report pages keep their email's inline styles (<see cref="ReportPolicy"/>).
    /// </summary>
    public static string Policy(string nonce) =>
        $"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <summary>A stored report is the email's HTML, styled inline: styles inline, nothing else, no forms.</summary>
    public const string ReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
}

/// <summary>An HTML page of the creator's page, with its status and security headers.</summary>
public sealed class HtmlPage(string html, int status, string contentSecurityPolicy) : IActionResult
{
    public string Html { get; } = html;

    public int Status { get; } = status;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        PageHeaders.Apply(response);
        response.StatusCode = Status;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.ContentSecurityPolicy = contentSecurityPolicy;
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(Html), context.HttpContext.RequestAborted);
    }
}

/// <summary>A file the page offers for download (the workshop's .ics), personal like the page.</summary>
public sealed class PageDownload(byte[] content, string contentType, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        PageHeaders.Apply(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await response.Body.WriteAsync(content, context.HttpContext.RequestAborted);
    }
}

/// <summary>
/// <c>303 See Other</c> to a path of this app: the answer to every page form (Post/Redirect/Get, so a reload never posts
/// again) and to an opened link (the token stays out of the address bar and history).
/// </summary>
public sealed class PageRedirect(string location) : IActionResult
{
    public string Location { get; } = location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal)
        ? location
        : throw new ArgumentException("A page redirects only to a path of this app.", nameof(location));

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        PageHeaders.Apply(response);
        response.StatusCode = StatusCodes.Status303SeeOther;
        response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
