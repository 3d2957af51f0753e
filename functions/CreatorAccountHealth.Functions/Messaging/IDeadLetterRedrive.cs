namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// Puts a queue's dead-lettered messages back on the queue, after an operator fixed what put them there (an API key,
/// a bug, an outage longer than <c>Notifications__MaxMessageAge</c>). Each goes back as a new message with its body and
/// properties and <see cref="Notifications.EmailMessageSettlement.RedrivenProperty"/> set, so an email SendGrid refused
/// is tried once more; emails sent or suppressed meanwhile are still never sent again.
/// </summary>
public interface IDeadLetterRedrive
{
    /// <returns>How many messages went back on the queue.</returns>
    /// <exception cref="QueueUnavailableException">The queue could not be read or written now.</exception>
    Task<int> RedriveAsync(string queueName, int maxMessages, CancellationToken cancellationToken);
}
