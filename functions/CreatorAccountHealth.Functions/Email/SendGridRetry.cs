using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using SendGrid;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// How one invocation retries SendGrid: on 429, 5xx and network failures, at most <see cref="MaxAttempts"/> calls,
/// with exponential backoff and jitter, or exactly the Retry-After SendGrid asks for. Replaces the SendGrid client's
/// own retry handler, which ignores 429 and Retry-After. Delays run on the injected <see cref="TimeProvider"/>.
/// </summary>
public static class SendGridRetry
{
    public const int MaxAttempts = 4;

    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A longer Retry-After is not waited out here: holding the message lock that long gains nothing over handing the
    /// message back to Service Bus for a later delivery.
    /// </summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    public static ResiliencePipeline<Response> Create(TimeProvider time, ILogger logger) =>
        new ResiliencePipelineBuilder<Response> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<Response>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = BaseDelay,
                MaxDelay = MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.CancellationToken, time)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? RetryAfter(response, time) : null),
                OnRetry = args =>
                {
                    logger.LogWarning(
                        args.Outcome.Exception,
                        "SendGrid attempt {Attempt} of {MaxAttempts} failed ({Failure}); retrying in {Delay}",
                        args.AttemptNumber + 1, MaxAttempts, Describe(args.Outcome), args.RetryDelay);
                    return default;
                },
            })
            .Build();

    /// <summary>Worth another try later: a timeout, SendGrid throttling us, or a failure on its side.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>SendGrid refused our API key (401) or its permissions (403): no email can go out until someone fixes it.</summary>
    public static bool IsCredentialsRefused(HttpStatusCode status) => status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>
    /// The wait a response asks for, or null when it asks for none: the longer of <c>Retry-After</c> (seconds or a date)
    /// and SendGrid's <c>X-RateLimit-Reset</c> (the Unix time, in seconds, when the rate limit resets).
    /// </summary>
    public static TimeSpan? RetryAfter(Response response, TimeProvider time)
    {
        var now = time.GetUtcNow();
        TimeSpan? retryAfter = response.Headers?.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
        TimeSpan? reset = response.Headers is { } headers
            && headers.TryGetValues(RateLimitResetHeader, out var values)
            && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var unixSeconds)
            ? Max(DateTimeOffset.FromUnixTimeSeconds(unixSeconds) - now, TimeSpan.Zero)
            : null;
        return (retryAfter, reset) switch
        {
            ({ } a, { } b) => Max(a, b),
            _ => retryAfter ?? reset,
        };
    }

    public const string RateLimitResetHeader = "X-RateLimit-Reset";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static bool ShouldRetry(Outcome<Response> outcome, CancellationToken cancellationToken, TimeProvider time) => outcome switch
    {
        { Result: { } response } => IsTransient(response.StatusCode) && !(RetryAfter(response, time) > MaxRetryAfter),
        { Exception: HttpRequestException } => true,

        // HttpClient's own timeout surfaces as a cancellation nobody asked for.
        { Exception: OperationCanceledException } => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private static string Describe(Outcome<Response> outcome) =>
        outcome.Result is { } response ? $"HTTP {(int)response.StatusCode}" : outcome.Exception?.GetType().Name ?? "unknown";
}
