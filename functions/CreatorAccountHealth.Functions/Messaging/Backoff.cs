using CreatorAccountHealth.Functions.Notifications;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// When to try a message again after a transient failure: exponential in the attempt (base × 2^(attempt−1), capped),
/// half of it jittered so an outage's backlog doesn't come back at once, never sooner than the dependency asked
/// (Retry-After, X-RateLimit-Reset, a lease's end), and not at all past the message's maximum age.
/// </summary>
public static class Backoff
{
    /// <param name="attempt">1 for the first re-schedule.</param>
    /// <param name="notBefore">The least wait the failure asked for, if any.</param>
    /// <param name="age">How long ago the message was first queued.</param>
    /// <param name="jitter">A number in [0, 1).</param>
    /// <returns>The delay, or null when the message would be older than <see cref="NotificationOptions.MaxMessageAge"/> by then.</returns>
    public static TimeSpan? Next(int attempt, TimeSpan? notBefore, TimeSpan age, NotificationOptions options, double jitter)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var capped = TimeSpan.FromTicks((long)Math.Min(options.RetryBaseDelay.Ticks * Math.Pow(2, exponent), options.RetryMaxDelay.Ticks));
        var delay = capped / 2 + capped / 2 * jitter;
        if (notBefore is { } least && least > delay)
        {
            delay = least + TimeSpan.FromSeconds(1) * jitter;
        }

        return age + delay > options.MaxMessageAge ? null : delay;
    }
}
