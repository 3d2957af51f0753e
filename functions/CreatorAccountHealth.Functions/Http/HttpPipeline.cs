using CreatorAccountHealth.Functions.Account;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Http;

/// <summary>
/// What every HTTP function goes through, in one place: who is calling (<see cref="CallerGate"/>: a bearer token on API
/// routes; a session cookie or bearer token, and an anti-forgery token on every form, on the creator's page), storage or identity
/// keys being unavailable as a 503 with Retry-After, and a lost optimistic-concurrency race as a 409 concurrentUpdate. A worker middleware, so the Functions host (Program.cs),
/// the local runtime and the integration harness run exactly this. Function bodies hold only their own work.
/// Other triggers pass straight through.
/// </summary>
public sealed class HttpPipeline(
    HttpRoutes routes, CallerGate gate, PageSessions sessions, AccountPageRenderer pages, AppMetrics metrics, ILogger<HttpPipeline> logger) : IFunctionsWorkerMiddleware
{
    public const string CreatorIdParameter = "creatorId";

    /// <summary>The page's forms: a token, a few ids and choices.</summary>
    private static readonly FormOptions PageFormLimits = new()
    {
        BufferBodyLengthLimit = 32 * 1024,
        ValueCountLimit = 64,
        KeyLengthLimit = 256,
        ValueLengthLimit = 4 * 1024,
        MultipartBodyLengthLimit = 32 * 1024,
    };

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        // HttpRoutes holds every HTTP function of the app; one it doesn't know is never served unguarded.
        var route = routes.Find(context.FunctionDefinition.Name)
            ?? throw new InvalidOperationException($"HTTP function '{context.FunctionDefinition.Name}' is not among the app's routes: refusing to serve it unguarded.");
        try
        {
            if (route.Access == RouteAccess.CreatorPage)
            {
                if (await RefusePageCallerAsync(http, context.CancellationToken) is { } refusedPage)
                {
                    await WriteAsync(http, refusedPage);
                    return;
                }
            }
            else if (await gate.CheckAsync(route.Access, http.Request.Headers.Authorization, RouteCreatorId(context), context.CancellationToken) is { } refused)
            {
                await WriteAsync(http, Problems.Gate(refused, RouteCreatorId(context)));
                return;
            }

            await next(context);
        }
        catch (StorageUnavailableException e) when (!http.Response.HasStarted)
        {
            logger.LogWarning(e, "{Function}: storage unavailable", route.FunctionName);
            if (WebhookEventType(http) is { } eventType)
            {
                metrics.WebhookEvent(eventType, AppMetrics.WebhookOutcomes.Refused, AppMetrics.WebhookOutcomes.StorageUnavailable);
            }

            await WriteAsync(http, route.IsPage ? PageUnavailable(e.RetryAfter) : Problems.StorageUnavailable(e.RetryAfter, e.CallerDetail));
        }
        catch (ConcurrencyConflictException e) when (!http.Response.HasStarted)
        {
            logger.LogWarning(e, "{Function}: concurrent changes kept winning", route.FunctionName);
            await WriteAsync(http, route.IsPage ? PageUnavailable(e.RetryAfter, StatusCodes.Status409Conflict) : Problems.ConcurrentUpdate(e.RetryAfter));
        }
        catch (IdentityKeysUnavailableException e) when (!http.Response.HasStarted)
        {
            logger.LogWarning(e, "{Function}: the token issuer's keys are unavailable", route.FunctionName);
            await WriteAsync(http, route.IsPage ? PageUnavailable(TimeSpan.FromSeconds(10)) : Problems.IdentityUnavailable());
        }
        catch (Exception e) when (e is not OperationCanceledException && WebhookEventType(http) is { } eventType)
        {
            // The host answers 500; counted so the webhook 5xx alert sees it (the host logs the exception).
            metrics.WebhookEvent(eventType, AppMetrics.WebhookOutcomes.Failed, e.GetType().Name);
            throw;
        }
    }

    /// <summary>
    /// The creator's page: a session cookie or a bearer token names the caller (<see cref="CallerGate.CheckPageAsync"/>),
    /// and every form POST carries the anti-forgery token bound to that caller's session: SameSite=Lax alone is not
    /// trusted to stop a forged cross-site form. Refusals are pages that say what to do. Null when the caller may go on.
    /// </summary>
    private async Task<IActionResult?> RefusePageCallerAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (refusal, caller) = await gate.CheckPageAsync(
            http.Request.Headers.Authorization, http.Request.Cookies[PageSessions.CookieName], cancellationToken);
        if (refusal is not null)
        {
            return new WithHeader(
                pages.Message(
                    StatusCodes.Status401Unauthorized,
                    "Open your account from an email",
                    "This page is personal, so it opens from the link in one of our emails (alerts, weekly reports, workshop invitations). "
                    + "Your link has run out or you haven't opened one on this device yet: open the link in your latest email from us, or reply to it to ask creator support for a new one.",
                    actionHref: null,
                    actionText: null),
                "WWW-Authenticate",
                refusal == GateRefusal.InvalidToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        }

        caller!.AttachTo(http);
        if (!HttpMethods.IsPost(http.Request.Method))
        {
            return null;
        }

        string? token = null;
        if (http.Request.HasFormContentType)
        {
            // The page's forms are a few short fields: bounded here, once, for every page form (the functions read the same form).
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, PageFormLimits));
            try
            {
                token = (await http.Request.ReadFormAsync(cancellationToken))[PageSessions.AntiForgeryField].ToString();
            }
            catch (InvalidDataException)
            {
                return pages.Message(StatusCodes.Status413PayloadTooLarge, "This form is too large", "The form sent more than the page's forms ever do, so nothing was changed. Go back to your account page and try again.");
            }
        }

        if (sessions.IsValidAntiForgeryToken(caller, token))
        {
            return null;
        }

        logger.LogWarning("Page form refused: missing or invalid anti-forgery token");
        return pages.Message(
            StatusCodes.Status403Forbidden,
            "This form has expired",
            "For your safety we only accept forms sent from your own account page, and this one could not be checked (it may be from an older session). Nothing was changed. Go back to your account page and try again.");
    }

    private IActionResult PageUnavailable(TimeSpan retryAfter, int status = StatusCodes.Status503ServiceUnavailable) =>
        new WithHeader(
            pages.Message(
                status,
                "Please try again in a moment",
                "We couldn't load or save your account just now, so nothing was changed. Please try again in a minute.",
                actionHref: null,
                actionText: null),
            "Retry-After",
            Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A result with one more header.</summary>
    private sealed class WithHeader(IActionResult inner, string name, string value) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            context.HttpContext.Response.Headers[name] = value;
            return inner.ExecuteResultAsync(context);
        }
    }

    /// <summary>The type of the platform event a webhook call parsed, once it has (<see cref="AppMetrics.WebhookOutcomes.EventTypeItem"/>).</summary>
    private static string? WebhookEventType(HttpContext http) =>
        http.Items.TryGetValue(AppMetrics.WebhookOutcomes.EventTypeItem, out var type) ? type as string : null;

    /// <summary>The route's creator id as bound (URL-decoded): binding data under the host and the local runtime alike.</summary>
    private static string? RouteCreatorId(FunctionContext context) =>
        context.BindingContext.BindingData
            .FirstOrDefault(b => string.Equals(b.Key, CreatorIdParameter, StringComparison.OrdinalIgnoreCase)).Value?.ToString();

    private static Task WriteAsync(HttpContext http, IActionResult result)
    {
        http.Response.Clear();
        return result.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
