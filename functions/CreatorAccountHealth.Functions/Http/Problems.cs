using System.Globalization;
using CreatorAccountHealth.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace CreatorAccountHealth.Functions.Http;

/// <summary>RFC 7807 problem details for every error a caller can hit. Nothing here ever carries a stack trace.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static JsonResponse Validation(IReadOnlyDictionary<string, string[]> errors, string title) =>
        Create(
            new ValidationProblemDetails(errors.ToDictionary())
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Title = title,
                Status = StatusCodes.Status400BadRequest,
                Detail = "See 'errors': each entry names a field at fault and what is wrong with it.",
            });

    public static JsonResponse BadRequest(string title, string detail) =>
        Create(StatusCodes.Status400BadRequest, "https://tools.ietf.org/html/rfc9110#section-15.5.1", title, detail);

    public static JsonResponse Unauthorized(string detail) =>
        Create(StatusCodes.Status401Unauthorized, "https://tools.ietf.org/html/rfc9110#section-15.5.2", "Webhook signature rejected", detail);

    /// <summary>
    /// The answer for a creator id nothing is known about, and for a valid token naming another creator: the same bytes,
    /// so a caller can't tell whether an id exists.
    /// </summary>
    public static JsonResponse UnknownCreator(string creatorId) =>
        NotFound("Unknown creator", $"Nothing has been recorded for creator '{creatorId}'.");

    /// <summary>
    /// A request the caller gate turned away. A 401 never says which check failed (RFC 6750: <c>invalid_token</c> only
    /// when a token was sent).
    /// </summary>
    public static JsonResponse Gate(GateRefusal refusal, string? creatorId) => refusal switch
    {
        GateRefusal.NoToken => Create(
                StatusCodes.Status401Unauthorized,
                "https://tools.ietf.org/html/rfc9110#section-15.5.2",
                "Authentication required",
                "Send a bearer token issued by the platform: Authorization: Bearer <token>.")
            .WithHeader("WWW-Authenticate", "Bearer"),
        GateRefusal.InvalidToken => Create(
                StatusCodes.Status401Unauthorized,
                "https://tools.ietf.org/html/rfc9110#section-15.5.2",
                "Invalid token",
                "The bearer token was not accepted. Get a new token from the platform and retry.")
            .WithHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""),
        GateRefusal.NotAdmin => Create(
                StatusCodes.Status403Forbidden,
                "https://tools.ietf.org/html/rfc9110#section-15.5.4",
                "Forbidden",
                "This route is for the back office: the token does not carry the admin role.")
            .WithHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\""),
        GateRefusal.AnotherCreator => UnknownCreator(creatorId ?? ""),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Unknown refusal."),
    };

    public static JsonResponse IdentityUnavailable() =>
        Create(
                StatusCodes.Status503ServiceUnavailable,
                "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                "Identity check unavailable",
                "The keys that check bearer tokens could not be read; nothing was done. Retry after the number of seconds in Retry-After.")
            .WithRetryAfter(TimeSpan.FromSeconds(10));

    public static JsonResponse NotFound(string title, string detail) =>
        Create(StatusCodes.Status404NotFound, "https://tools.ietf.org/html/rfc9110#section-15.5.5", title, detail);

    public static JsonResponse PayloadTooLarge(int limitBytes) =>
        Create(
            StatusCodes.Status413PayloadTooLarge,
            "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            "Payload too large",
            $"The request body must be at most {limitBytes} bytes.");

    public static JsonResponse StorageUnavailable(TimeSpan retryAfter, string? detail = null) =>
        Create(
                StatusCodes.Status503ServiceUnavailable,
                "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                "Storage unavailable",
                detail ?? "Storage could not be reached; nothing was recorded. Retry after the number of seconds in Retry-After.")
            .WithRetryAfter(retryAfter);

    /// <summary>Service Bus could not take or give what the request needed: 503, retry after 30 seconds.</summary>
    public static JsonResponse QueueUnavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Queue unavailable", detail)
            .WithRetryAfter(TimeSpan.FromSeconds(30));

    /// <summary>Other requests kept winning the race for the same record (<see cref="Storage.ConcurrencyConflictException"/>): retry.</summary>
    public static JsonResponse ConcurrentUpdate(TimeSpan retryAfter) =>
        Conflict(
                "concurrentUpdate",
                "Concurrent update",
                "Other requests kept changing the same record at the same moment, so this change is not applied yet; a retry completes it. Retry after the number of seconds in Retry-After.")
            .WithRetryAfter(retryAfter);

    public static JsonResponse Unexpected(string traceId) =>
        Create(
            StatusCodes.Status500InternalServerError,
            "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            "Unexpected error",
            $"The request failed unexpectedly and was logged with trace id {traceId}.");

    /// <summary>A refusal with a machine-readable <c>reason</c> member (camelCase), for callers that branch on why.</summary>
    public static JsonResponse Refused(int status, string type, string title, string detail, string reason) =>
        Create(new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail, Extensions = { ["reason"] = reason } });

    /// <summary>The resource's state refuses the request (409), with a machine-readable <c>reason</c>.</summary>
    public static JsonResponse Conflict(string reason, string title, string detail) =>
        Refused(StatusCodes.Status409Conflict, "https://tools.ietf.org/html/rfc9110#section-15.5.10", title, detail, reason);

    public static JsonResponse Create(int status, string type, string title, string detail) =>
        Create(new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail });

    /// <summary>Whole seconds, at least one: what clients that only parse integers understand.</summary>
    private static JsonResponse WithRetryAfter(this JsonResponse response, TimeSpan retryAfter) =>
        response.WithHeader("Retry-After", Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    public static JsonResponse Create(ProblemDetails problem) => new(problem, problem.Status!.Value, ContentType);
}
