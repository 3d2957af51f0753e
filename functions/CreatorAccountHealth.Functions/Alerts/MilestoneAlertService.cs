using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// After a violation is recorded, or a quiz removed a point: decide the creator's milestone alerts (pure domain), record them in Cosmos DB, then
/// put them on the queue. Storage failures surface (the webhook answers 503 and the platform retries, which is safe:
/// evaluation is idempotent); queue failures don't: the alert is recorded and the republish timer sends it later.
/// </summary>
public sealed class MilestoneAlertService(
    ICreatorStore creators,
    AlertStore alerts,
    IQueueSender queue,
    PolicyCatalog catalog,
    StandingRules rules,
    IOptions<AlertOptions> options,
    ILogger<MilestoneAlertService> logger)
{
    private const int MaxConcurrentRetries = 5;

    public Task<IReadOnlyList<AlertMessage>> EvaluateAfterViolationAsync(string creatorId, string violationId, Instant now, CancellationToken cancellationToken) =>
        EvaluateAsync(creatorId, violationId, h => h with { Violations = h.Violations.Where(v => v.Id != violationId).ToList() }, now, cancellationToken);

    /// <summary>
    /// After a passed quiz removed a point (<paramref name="attemptId"/>'s): "before" is the standing without that
    /// removal, so a fall below a milestone re-arms its alerts at once rather than at the next violation.
    /// </summary>
    public Task<IReadOnlyList<AlertMessage>> EvaluateAfterRemovalAsync(string creatorId, string attemptId, PointRemoval removal, Instant now, CancellationToken cancellationToken) =>
        EvaluateAsync(creatorId, "quiz-removal:" + attemptId, h => h with { PointRemovals = h.Removals.Where(r => r != removal).ToList() }, now, cancellationToken);

    /// <param name="eventKey">Remembered once the evaluation is saved, so a retry of the same event decides nothing new.</param>
    /// <param name="withoutEvent">The history just before the event.</param>
    private async Task<IReadOnlyList<AlertMessage>> EvaluateAsync(
        string creatorId, string eventKey, Func<CreatorHistory, CreatorHistory> withoutEvent, Instant now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // State first, then the history, both again on every round: a round that lost the race must see the
            // events whose evaluations won it, or its "before" would lack them and re-fire what they already fired.
            var stored = await alerts.ReadStateAsync(creatorId, cancellationToken);
            var history = await creators.LoadHistoryAsync(creatorId, cancellationToken);
            var after = StandingCalculator.Calculate(history, now, rules);

            // A retried event must not look like a new one: "before" includes it once its evaluation was saved.
            var before = stored.EvaluatedViolationIds.Contains(eventKey)
                ? after
                : StandingCalculator.Calculate(withoutEvent(history), now, rules);
            var decision = AlertDecider.Decide(before, after, stored.State, rules, options.Value.ApproachWithinPoints, catalog);
            var messages = decision.Alerts.Select(a => AlertMessage.From(a, catalog)).ToList();

            // Nothing fires and nothing re-arms (most events): nothing to save. A retry of this event decides the
            // same again, so it needn't be remembered as evaluated either.
            if (messages.Count == 0 && decision.State.SameAs(stored.State))
            {
                return [];
            }

            foreach (var message in messages)
            {
                await alerts.RecordAsync(message, now, cancellationToken);
            }

            if (await alerts.TrySaveStateAsync(creatorId, decision.State, [.. stored.EvaluatedViolationIds, eventKey], stored.ETag, cancellationToken))
            {
                await PublishAsync(messages, now, cancellationToken);
                return messages;
            }

            if (attempt == MaxConcurrentRetries)
            {
                throw new StorageUnavailableException("Alert state kept changing concurrently.", TimeSpan.FromSeconds(1), new InvalidOperationException());
            }

            // Another event of the same creator won the race: decide again from its state. Alerts recorded above carry
            // deterministic ids, so if the other decision sends them too, they are the same messages.
        }
    }

    /// <summary>Sends recorded alerts; what can't be sent now stays in the outbox for <see cref="RepublishAlertsFunction"/>.</summary>
    public async Task PublishAsync(IEnumerable<AlertMessage> messages, Instant now, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            await TryPublishAsync(message.CreatorId, message.AlertId, BinaryData.FromObjectAsJson(message, AppJson.Options), now, cancellationToken);
        }
    }

    public async Task<bool> TryPublishAsync(string creatorId, string alertId, BinaryData body, Instant now, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendAsync(options.Value.QueueName, new OutgoingMessage(alertId, AlertMessage.Subject, body), cancellationToken);
        }
        catch (QueueUnavailableException e)
        {
            logger.LogWarning(e, "Alert {AlertId} for creator {CreatorId} recorded but not queued; the republish timer will send it", alertId, creatorId);
            return false;
        }

        await alerts.MarkPublishedAsync(creatorId, alertId, body, now, cancellationToken);
        logger.LogInformation("Alert {AlertId} for creator {CreatorId} queued", alertId, creatorId);
        return true;
    }
}
