using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>
/// Whether SendGrid takes our credentials, as this instance last saw: a 401/403 makes the email channel degraded until
/// SendGrid accepts an email again. Emails are kept pending meanwhile; <c>/api/health</c> shows it.
/// </summary>
public sealed class EmailChannelHealth
{
    private readonly Lock gate = new();
    private Instant? refusedAt;
    private string? refusal;
    private bool acceptedSince;

    public void CredentialsRefused(Instant at, string detail)
    {
        lock (gate)
        {
            refusedAt = at;
            refusal = detail;
            acceptedSince = false;
        }
    }

    public void Accepted()
    {
        lock (gate)
        {
            acceptedSince = true;
        }
    }

    /// <summary>Why the channel is degraded, or null when it is not.</summary>
    public string? Degradation()
    {
        lock (gate)
        {
            return refusedAt is { } refused && !acceptedSince
                ? $"SendGrid refused our credentials at {refused} ({refusal}); emails are kept and retried. Check SendGrid__ApiKey and its Mail Send permission."
                : null;
        }
    }
}

/// <summary>The email channel in <c>/api/health</c>: degraded (not unhealthy: the app still serves) while SendGrid refuses our key.</summary>
public sealed class EmailChannelHealthCheck(EmailChannelHealth channel) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(channel.Degradation() is { } why
            ? HealthCheckResult.Degraded(why)
            : HealthCheckResult.Healthy("SendGrid has not refused our credentials."));
}
