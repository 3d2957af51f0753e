using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>
/// Emails each training message from the queue (invitation, seat confirmed, updated, cancelled) to its creator with the
/// workshop's .ics attached, once per email id. Settles every message itself (AutoCompleteMessages = false), like
/// <see cref="SendAlertEmailFunction"/>:
/// <list type="bullet">
/// <item>sent, already sent, being sent by another message, or nobody to send to: complete;</item>
/// <item>a body that isn't a training email, or an email SendGrid refuses for good: dead-letter at once, with the reason;</item>
/// <item>SendGrid or storage unavailable: abandon, so Service Bus redelivers and, after the queue's max delivery count,
/// dead-letters it.</item>
/// </list>
/// Sending once: before sending, the email's delivery record (<see cref="TrainingEmailLog"/>) is claimed with its ETag
/// in the name of this message (its id and sequence number, the same on every redelivery), so two messages carrying
/// the same email id (a resend outside Service Bus's duplicate-detection window) send one email, and this message's own
/// redelivery carries on after a crash. A claim lapses after <see cref="ClaimLease"/>. A crash between SendGrid
/// accepting and the record saying so can still send twice, the one window at-least-once delivery leaves.
/// </summary>
public sealed class SendTrainingEmailFunction(
    ICreatorStore creators,
    TrainingEmailLog deliveries,
    TrainingEmailRenderer renderer,
    SendGridEmailSender sender,
    IOptions<SendGridOptions> sendGrid,
    TimeProvider time,
    ILogger<SendTrainingEmailFunction> logger)
{
    public const string MalformedReason = "MalformedTrainingEmail";
    public const string RejectedReason = "SendGridRejected";

    /// <summary>Set on an abandoned message, so a message that ends up dead-lettered after its last delivery says why.</summary>
    public const string LastErrorProperty = "lastEmailError";

    /// <summary>SendGrid custom args: they come back on SendGrid's events, tying them to the email and the workshop.</summary>
    public const string EmailIdArg = "trainingEmailId";
    public const string TrainingIdArg = "trainingId";

    /// <summary>Longer than one send can take: four SendGrid attempts of at most 30 s, with at most 30 s between them.</summary>
    public static readonly Duration ClaimLease = Duration.FromMinutes(10);

    private const int MaxConcurrentChanges = 5;

    [Function("SendTrainingEmail")]
    public async Task Run(
        [ServiceBusTrigger("%TrainingEmailsQueueName%", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        if (!TrainingEmailMessageReader.TryRead(message.Body, out var email, out var error))
        {
            logger.LogError("Training email message {MessageId} dead-lettered: {Error}", message.MessageId, error);
            await actions.DeadLetterMessageAsync(message, null, MalformedReason, error, cancellationToken);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["TrainingEmailId"] = email.EmailId,
            ["TrainingId"] = email.Training.TrainingId,
            ["CreatorId"] = email.CreatorId,
            ["DeliveryCount"] = message.DeliveryCount,
        });

        try
        {
            await SendOnceAsync(email, message, actions, cancellationToken);
        }
        catch (StorageUnavailableException e)
        {
            await DeferAsync(message, actions, $"Storage unavailable: {e.Message}", cancellationToken);
        }
        catch (ConcurrencyConflictException e)
        {
            await DeferAsync(message, actions, e.Message, cancellationToken);
        }
    }

    private async Task SendOnceAsync(TrainingEmailMessage email, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        var claimant = string.Create(CultureInfo.InvariantCulture, $"{message.MessageId}#{message.SequenceNumber}");
        CreatorProfile? profile = null;
        var profileRead = false;
        var toSend = await OptimisticConcurrency.RunAsync(
            $"Training email {email.EmailId}",
            async () =>
        {
            var current = await deliveries.ReadAsync(email.CreatorId, email.EmailId, cancellationToken);
            if (current is { Status: TrainingEmailStatus.Sent })
            {
                logger.LogInformation("Training email {EmailId} was already sent; message {MessageId} ignored", email.EmailId, message.MessageId);
                await actions.CompleteMessageAsync(message, cancellationToken);
                return ConcurrentRound<TrainingEmailDelivery?>.Done(null);
            }

            if (current is { Status: TrainingEmailStatus.Sending } claim && claim.ClaimedBy != claimant && claim.At + ClaimLease > Now())
            {
                // That message carries the email to its end (sent, or redelivered, or dead-lettered): this copy adds nothing.
                logger.LogInformation("Training email {EmailId} is being sent by message {ClaimedBy}; message {MessageId} ignored", email.EmailId, claim.ClaimedBy, claimant);
                await actions.CompleteMessageAsync(message, cancellationToken);
                return ConcurrentRound<TrainingEmailDelivery?>.Done(null);
            }

            if (!profileRead)
            {
                // Read now, not when the email was decided: a later address change wins.
                profile = await creators.GetProfileAsync(email.CreatorId, cancellationToken);
                profileRead = true;
            }

            if (!CanEmail(profile, out var reason))
            {
                logger.LogInformation("Training email {EmailId} not sent to creator {CreatorId}: {Reason}", email.EmailId, email.CreatorId, reason);
                await actions.CompleteMessageAsync(message, cancellationToken);
                return ConcurrentRound<TrainingEmailDelivery?>.Done(null);
            }

            // Null: changed since we read it, so look again.
            var claimed = await deliveries.TryWriteAsync(email, current, TrainingEmailStatus.Sending, claimant, Now(), null, cancellationToken);
            return claimed is null ? ConcurrentRound<TrainingEmailDelivery?>.LostRace : ConcurrentRound<TrainingEmailDelivery?>.Done(claimed);
        },
            cancellationToken,
            MaxConcurrentChanges);

        if (toSend is not null)
        {
            await SendAsync(email, profile!, toSend, message, actions, cancellationToken);
        }
    }

    private async Task SendAsync(
        TrainingEmailMessage email, CreatorProfile profile, TrainingEmailDelivery claimed, ServiceBusReceivedMessage message, ServiceBusMessageActions actions, CancellationToken cancellationToken)
    {
        var settings = sendGrid.Value;
        var rendered = renderer.Render(email, profile, new CalendarPerson(settings.FromEmail, settings.FromName));
        var outgoing = new OutgoingEmail(
            rendered.Category,
            rendered.Subject,
            rendered.Html,
            rendered.Text,
            new Dictionary<string, string> { [EmailIdArg] = email.EmailId, [TrainingIdArg] = email.Training.TrainingId },
            [rendered.Calendar]);

        switch (await sender.SendAsync(outgoing, profile.Email, profile.DisplayName, cancellationToken))
        {
            case SendOutcome.Accepted:
                await SettleAsync(email, claimed, TrainingEmailStatus.Sent, null, cancellationToken);
                logger.LogInformation("Training email {EmailId} ({Kind}, training {TrainingId} revision {Revision}) sent to creator {CreatorId}", email.EmailId, email.Kind, email.Training.TrainingId, email.Training.Revision, email.CreatorId);
                await actions.CompleteMessageAsync(message, cancellationToken);
                break;

            case SendOutcome.Rejected rejected:
                var description = $"SendGrid answered {rejected.StatusCode}: {rejected.Errors}";
                await SettleAsync(email, claimed, TrainingEmailStatus.Rejected, description, cancellationToken);
                logger.LogError("Training email {EmailId} dead-lettered: {Description}", email.EmailId, description);
                await actions.DeadLetterMessageAsync(message, null, RejectedReason, description, cancellationToken);
                break;

            case SendOutcome.Unavailable unavailable:
                // Release the claim: a replay of this message after it is dead-lettered must not wait out the lease.
                await SettleAsync(email, claimed, TrainingEmailStatus.Failed, unavailable.Reason, cancellationToken);
                await DeferAsync(message, actions, unavailable.Reason, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Records what SendGrid answered. Failing here must not change how the message is settled: after an accepted send a
    /// redelivery would send again, so the error is only logged (an unreleased claim lapses after the lease).
    /// </summary>
    private async Task SettleAsync(TrainingEmailMessage email, TrainingEmailDelivery claimed, string status, string? detail, CancellationToken cancellationToken)
    {
        try
        {
            if (await deliveries.TryWriteAsync(email, claimed, status, claimed.ClaimedBy, Now(), detail, cancellationToken) is null)
            {
                logger.LogError("Training email {EmailId} changed while being sent; its record was not updated to {Status}", email.EmailId, status);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Training email {EmailId}: {Status} but not recorded", email.EmailId, status);
        }
    }

    private static bool CanEmail([NotNullWhen(true)] CreatorProfile? profile, [NotNullWhen(false)] out string? reason)
    {
        // No opt-out applies: a workshop email answers the creator's own invitation or registration.
        reason = profile switch
        {
            null => "no profile recorded for the creator",
            { Email: var email } when string.IsNullOrWhiteSpace(email) => "the creator has no email address",
            _ => null,
        };
        return reason is null;
    }

    /// <summary>Hands the message back for a later delivery; Service Bus dead-letters it after the queue's max delivery count.</summary>
    private async Task DeferAsync(ServiceBusReceivedMessage message, ServiceBusMessageActions actions, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning(
            "Training email message {MessageId} abandoned on delivery {DeliveryCount}, to be redelivered: {Reason}",
            message.MessageId, message.DeliveryCount, reason);
        await actions.AbandonMessageAsync(message, new Dictionary<string, object> { [LastErrorProperty] = reason }, cancellationToken);
    }

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
