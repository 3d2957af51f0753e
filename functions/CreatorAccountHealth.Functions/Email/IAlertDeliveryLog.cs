using NodaTime;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// Remembers which alerts were emailed, so a redelivered Service Bus message (at-least-once delivery) never sends a
/// second email. Stored with the alert's own record in the creator's partition.
/// <para>
/// Contract for implementations:
/// <list type="bullet">
/// <item><see cref="WasEmailedAsync"/> is a point read: true once <see cref="MarkEmailedAsync"/> has succeeded for the
/// same creator and alert, false otherwise, including for an alert that was never recorded.</item>
/// <item><see cref="MarkEmailedAsync"/> is idempotent: marking again keeps the first instant. It must not fail because
/// the alert record is missing (create the mark, or ignore it): an alert reaches the queue only after it is recorded,
/// but a failure here after the email went out could only lead to the email being sent again.</item>
/// <item>Both throw <see cref="Storage.StorageUnavailableException"/> when storage is down, throttling or too slow,
/// and nothing else for transient conditions.</item>
/// </list>
/// </para>
/// </summary>
public interface IAlertDeliveryLog
{
    /// <exception cref="Storage.StorageUnavailableException">Storage can't answer now.</exception>
    Task<bool> WasEmailedAsync(string creatorId, string alertId, CancellationToken cancellationToken);

    /// <exception cref="Storage.StorageUnavailableException">Storage can't answer now.</exception>
    Task MarkEmailedAsync(string creatorId, string alertId, Instant emailedAt, CancellationToken cancellationToken);
}
