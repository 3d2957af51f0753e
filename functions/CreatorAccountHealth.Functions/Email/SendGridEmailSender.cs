using System.Text.Json;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>What became of an email handed to SendGrid.</summary>
public abstract record SendOutcome
{
    private SendOutcome()
    {
    }

    /// <summary>SendGrid accepted the email for delivery (2xx).</summary>
    public sealed record Accepted : SendOutcome;

    /// <summary>SendGrid refused this email for good (400, 413, another 4xx): the same request can never succeed.</summary>
    /// <param name="Errors">SendGrid's error messages, or the start of its response body.</param>
    public sealed record Rejected(int StatusCode, string Errors) : SendOutcome;

    /// <summary>
    /// SendGrid refused our credentials (401, 403): not the email's fault. Every email stays pending until the key is fixed.
    /// </summary>
    public sealed record CredentialsRefused(int StatusCode, string Errors) : SendOutcome;

    /// <summary>SendGrid stayed throttled, failing or unreachable through every attempt: worth trying again later.</summary>
    /// <param name="RetryAfter">How long SendGrid asked us to wait (Retry-After, X-RateLimit-Reset), when it said.</param>
    public sealed record Unavailable(string Reason, TimeSpan? RetryAfter = null) : SendOutcome;
}

/// <summary>Any email the app sends, rendered and ready.</summary>
/// <param name="Category">The SendGrid category, one per email kind, for SendGrid's statistics.</param>
/// <param name="CustomArgs">SendGrid custom args: they come back on SendGrid's event webhook, tying events to our records.</param>
/// <param name="Attachments">Files sent with the email (a training's .ics); none for most emails.</param>
/// <param name="Headers">Mail headers SendGrid adds (its <c>headers</c> field): <c>List-Unsubscribe</c> and <c>List-Unsubscribe-Post</c>.</param>
public sealed record OutgoingEmail(
    string Category,
    string Subject,
    string Html,
    string Text,
    IReadOnlyDictionary<string, string> CustomArgs,
    IReadOnlyList<EmailAttachment>? Attachments = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A file attached to an email.</summary>
/// <param name="ContentType">The MIME type, parameters included (e.g. <c>text/calendar; method=REQUEST; charset=UTF-8</c>).</param>
public sealed record EmailAttachment(string FileName, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>
/// Sends the app's emails (milestone alerts, weekly reports, training emails) through the SendGrid client. The client never throws for an
/// HTTP error status, so every response is classified here, as SendGrid documents its Mail Send answers: 2xx accepted;
/// 401/403 our credentials; 408/429/5xx and network failures transient (retried by <see cref="SendGridRetry"/> within the
/// call, then handed back with the wait SendGrid asked for); any other 4xx (400, 413) refused for good.
/// </summary>
public sealed class SendGridEmailSender
{
    private const int MaxErrorLength = 1000;

    private readonly SendGridClient client;
    private readonly ResiliencePipeline<Response> retry;
    private readonly EmailAddress from;
    private readonly EmailAddress replyTo;
    private readonly AppMetrics metrics;
    private readonly TimeProvider time;

    public SendGridEmailSender(SendGridClient client, IOptions<SendGridOptions> options, TimeProvider time, AppMetrics metrics, ILogger<SendGridEmailSender> logger)
    {
        this.client = client;
        this.metrics = metrics;
        this.time = time;
        retry = SendGridRetry.Create(time, logger);
        from = new EmailAddress(options.Value.FromEmail.Trim(), options.Value.FromName);
        replyTo = new EmailAddress(options.Value.ReplyTo.Trim());
    }

    /// <summary>
    /// Sends, classifies SendGrid's answer and records the call: a span (kind and status, never the address) and its
    /// duration by status class. What became of the email is counted where it settles (Notifications/EmailDelivery).
    /// </summary>
    public async Task<SendOutcome> SendAsync(OutgoingEmail email, string toEmail, string toName, CancellationToken cancellationToken)
    {
        using var span = AppTelemetry.StartSendGridSend(email.Category);
        var started = time.GetTimestamp();
        var (outcome, status) = await SendComposedAsync(Compose(email, toEmail, toName), cancellationToken);
        metrics.SendGridCall(email.Category, status, time.GetElapsedTime(started));
        span?.SetTag("http.response.status_code", status);
        switch (outcome)
        {
            case SendOutcome.Accepted:
                break;
            case SendOutcome.Rejected rejected:
                AppTelemetry.Fail(span, $"SendGrid refused the email ({rejected.StatusCode})");
                break;
            case SendOutcome.CredentialsRefused refused:
                AppTelemetry.Fail(span, $"SendGrid refused our credentials ({refused.StatusCode})");
                break;
            default:
                AppTelemetry.Fail(span, status is null ? "SendGrid unreachable" : $"SendGrid unavailable ({status})");
                break;
        }

        return outcome;
    }

    private async Task<(SendOutcome Outcome, int? Status)> SendComposedAsync(SendGridMessage message, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await retry.ExecuteAsync(async token => await client.SendEmailAsync(message, token), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return (new SendOutcome.Unavailable($"SendGrid could not be reached: {e.Message}"), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (new SendOutcome.Unavailable("SendGrid did not answer in time."), null);
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return (new SendOutcome.Accepted(), status);
        }

        var errors = await ErrorsOf(response, cancellationToken);
        if (SendGridRetry.IsTransient(response.StatusCode))
        {
            return (new SendOutcome.Unavailable($"SendGrid answered {status}: {errors}", SendGridRetry.RetryAfter(response, time)), status);
        }

        return SendGridRetry.IsCredentialsRefused(response.StatusCode)
            ? (new SendOutcome.CredentialsRefused(status, errors), status)
            : (new SendOutcome.Rejected(status, errors), status);
    }

    private SendGridMessage Compose(OutgoingEmail email, string toEmail, string toName)
    {
        var message = new SendGridMessage
        {
            From = from,
            ReplyTo = replyTo,
            Subject = email.Subject,
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
        };
        message.AddTo(new EmailAddress(toEmail.Trim(), WithoutControlCharacters(toName)));
        message.AddCategory(email.Category);
        foreach (var (name, value) in email.CustomArgs)
        {
            message.AddCustomArg(name, value);
        }

        // The message-wide "headers" field (not a personalization's): List-Unsubscribe belongs to the email, whoever receives it.
        if (email.Headers is { Count: > 0 } headers)
        {
            message.Headers = headers.ToDictionary();
        }

        foreach (var attachment in email.Attachments ?? [])
        {
            message.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content.Span), attachment.ContentType, "attachment");
        }

        return message;
    }

    /// <summary>The display name ends up in a mail header: no line breaks or other control characters.</summary>
    private static string WithoutControlCharacters(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? ' ' : c)).Trim();

    /// <summary>SendGrid's <c>{"errors":[{"message","field"}]}</c> as one line; the raw body when it is anything else.</summary>
    private static async Task<string> ErrorsOf(Response response, CancellationToken cancellationToken)
    {
        var body = response.Body is null ? "" : await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var messages = errors.EnumerateArray()
                    .Select(e => (Field: Text(e, "field"), Message: Text(e, "message")))
                    .Where(e => e.Message is not null)
                    .Select(e => e.Field is null ? e.Message : $"{e.Field}: {e.Message}");
                return Truncate(string.Join("; ", messages));
            }
        }
        catch (JsonException)
        {
        }

        return Truncate(body.Trim());
    }

    private static string? Text(JsonElement error, string property) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string Truncate(string text) => text.Length <= MaxErrorLength ? text : text[..MaxErrorLength] + "…";
}
