using System.Text.Json;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// Puts the alerts an account holds as pending onto the queue, records each one sent, then takes them out of the
/// account. Queue failures don't surface: the alerts stay pending (their outbox marker was written before them) and
/// <see cref="RepublishAlertsFunction"/> sends them later. Storage failures do (the caller answers 503 and is retried).
/// </summary>
public sealed class MilestoneAlertService(
    ICreatorStore creators,
    AlertStore alerts,
    IQueueSender queue,
    IOptions<AlertOptions> options,
    ILogger<MilestoneAlertService> logger)
{
    /// <summary>Sends what <paramref name="account"/> holds as pending; true when nothing is left pending.</summary>
    public Task<bool> PublishPendingAsync(AccountDocument account, Instant now, CancellationToken cancellationToken) =>
        PublishAsync(account.CreatorId, account.Alerts.Pending, now, cancellationToken);

    /// <summary>Sends <paramref name="messages"/>, pending in the creator's account, and takes those sent out of it; true when nothing is left pending.</summary>
    /// <param name="account">The account as the caller just wrote it, with its ETag, if it has it: taking the alerts out
    /// then starts from it instead of reading it again (a lost race reads what the winner wrote).</param>
    public async Task<bool> PublishAsync(string creatorId, IReadOnlyList<JsonElement> messages, Instant now, CancellationToken cancellationToken, AccountDocument? account = null)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            var alertId = AlertIdOf(message);
            if (await TryPublishAsync(creatorId, alertId, message, now, cancellationToken))
            {
                sent.Add(alertId);
            }
        }

        if (sent.Count == 0)
        {
            return messages.Count == 0;
        }

        var after = await creators.UpdateAccountAsync(
            creatorId,
            pendingEventId: null,
            document => Task.FromResult(
                document.Alerts.Pending.Any(m => sent.Contains(AlertIdOf(m)))
                    ? document with { Alerts = document.Alerts with { Pending = document.Alerts.Pending.Where(m => !sent.Contains(AlertIdOf(m))).ToList() } }
                    : null),
            cancellationToken,
            account is null ? null : new StoredAccount(account));
        return after.Alerts.Pending.Count == 0;
    }

    /// <summary>Sends one alert (its id is the MessageId, so duplicate detection drops a second send) and records it.</summary>
    public async Task<bool> TryPublishAsync(string creatorId, string alertId, JsonElement message, Instant now, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendAsync(options.Value.QueueName, new OutgoingMessage(alertId, AlertMessage.Subject, BinaryData.FromString(message.GetRawText())), cancellationToken);
        }
        catch (QueueUnavailableException e)
        {
            logger.LogWarning(e, "Alert {AlertId} for creator {CreatorId} recorded but not queued; the republish timer will send it", alertId, creatorId);
            return false;
        }

        await alerts.RecordPublishedAsync(creatorId, alertId, message, now, cancellationToken);
        logger.LogInformation("Alert {AlertId} for creator {CreatorId} queued", alertId, creatorId);
        return true;
    }

    private static string AlertIdOf(JsonElement message) => message.GetProperty("alertId").GetString()!;
}
