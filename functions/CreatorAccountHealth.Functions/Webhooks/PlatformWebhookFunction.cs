using CreatorAccountHealth.Functions.Accounts;
using CreatorAccountHealth.Functions.Erasure;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Webhooks;

/// <summary>
/// <c>POST /api/webhooks/platform</c>: the platform's signed events. Anonymous at the Functions level because the
/// HMAC signature is the authentication. Order matters: bound the body, verify the signature over the raw bytes,
/// only then parse.
/// </summary>
public sealed class PlatformWebhookFunction(
    WebhookSignatureVerifier verifier,
    PlatformEventParser parser,
    ICreatorStore store,
    AccountRecorder accounts,
    CreatorErasure erasure,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<PlatformWebhookFunction> logger)
{
    [Function("PlatformWebhook")]
    [PublicEndpoint("the platform signs every call with the webhook's HMAC secret, checked over the raw body before anything else")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/platform")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBoundedAsync(request, WebhookOptions.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            metrics.WebhookEvent(UnknownType, Refused, "payloadTooLarge");
            return Problems.PayloadTooLarge(WebhookOptions.MaxBodyBytes);
        }

        var check = verifier.Verify(
            request.Headers[WebhookSignatureVerifier.TimestampHeader],
            request.Headers[WebhookSignatureVerifier.SignatureHeader],
            body.Value.Span);
        if (check != SignatureCheck.Valid)
        {
            logger.LogWarning("Webhook refused: {SignatureCheck}", check);
            metrics.WebhookEvent(UnknownType, Refused, $"signature.{check}");
            return Problems.Unauthorized(Describe(check));
        }

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var parsed = parser.Parse(body.Value, now);
        if (!parsed.IsValid)
        {
            metrics.WebhookEvent(UnknownType, Refused, "invalid");
            return Problems.Validation(parsed.Errors, "The webhook payload is invalid.");
        }

        var platformEvent = parsed.Event!;

        // For the pipeline, which answers storage-down 503s and counts them (and unexpected failures) under this type.
        request.HttpContext.Items[AppMetrics.WebhookOutcomes.EventTypeItem] = platformEvent.Type;

        // The account first: an erased creator has none, so only a creator without one needs the tombstone check.
        var account = platformEvent is CreatorErasedEvent ? null : await store.ReadStoredAccountAsync(platformEvent.CreatorId, cancellationToken);
        if (platformEvent is CreatorErasedEvent erased)
        {
            // Every delivery erases again (idempotent): a retry after a failure half-way finishes the erasure.
            var erasedNow = await erasure.EraseAsync(erased.CreatorId, cancellationToken);
            logger.LogInformation("Webhook {EventType} {EventId}: creator {CreatorId} erased", erased.Type, erased.EventId, erased.CreatorId);
            return JsonResponse.Accepted(new EventReceipt(erased.EventId, erased.Type, erased.CreatorId, erased.SubjectId, "erased", erasedNow.ErasedAt));
        }

        // An erased creator's late or repeated events would bring them back: they are answered, not recorded.
        if (account is null && await erasure.ErasedAtAsync(platformEvent.CreatorId, cancellationToken) is { } erasedAt)
        {
            logger.LogInformation(
                "Webhook {EventType} {EventId} ignored: creator {CreatorId} was erased", platformEvent.Type, platformEvent.EventId, platformEvent.CreatorId);
            return JsonResponse.Ok(new IgnoredEventReceipt(platformEvent.EventId, platformEvent.Type, platformEvent.CreatorId, platformEvent.SubjectId, erasedAt));
        }

        // Then the event (its natural key makes a repeat a no-op), then the account as read above. Also on a repeat:
        // if an earlier attempt recorded the event but stopped before the account, this completes it.
        var result = await store.RecordAsync(platformEvent, now, cancellationToken);
        var document = CreatorDocument.For(platformEvent, now);
        await accounts.ApplyAsync(
            platformEvent.CreatorId,
            document.ToAccountEvent(),
            document.Id,
            isActivity: platformEvent is ViolationIssuedEvent or ViolationOverturnedEvent or NoticeSentEvent,
            now,
            cancellationToken,
            new StoredAccount(account));

        logger.LogInformation(
            "Webhook {EventType} {EventId} for creator {CreatorId}: {Outcome}",
            platformEvent.Type, platformEvent.EventId, platformEvent.CreatorId, result.IsNew ? "recorded" : "already recorded");
        metrics.WebhookEvent(platformEvent.Type, result.IsNew ? AppMetrics.WebhookOutcomes.Recorded : AppMetrics.WebhookOutcomes.Repeat);
        return result.IsNew ? JsonResponse.Accepted(result.Receipt) : JsonResponse.Ok(result.Receipt);
    }

    private const string Refused = AppMetrics.WebhookOutcomes.Refused;

    /// <summary>The event type of a webhook refused before its body was read.</summary>
    private const string UnknownType = "unknown";

    private static string Describe(SignatureCheck check) => check switch
    {
        SignatureCheck.MissingHeaders => $"Both {WebhookSignatureVerifier.TimestampHeader} and {WebhookSignatureVerifier.SignatureHeader} are required.",
        SignatureCheck.MalformedTimestamp => $"{WebhookSignatureVerifier.TimestampHeader} must be Unix seconds.",
        SignatureCheck.StaleTimestamp => $"{WebhookSignatureVerifier.TimestampHeader} is more than the allowed tolerance from now.",
        SignatureCheck.MalformedSignature => $"{WebhookSignatureVerifier.SignatureHeader} must carry v1=<64 lowercase hex digits>.",
        _ => "The signature does not match the body.",
    };
}
