using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>
/// Emails each training message from the queue (invitation, seat confirmed, updated, cancelled) to its creator with the
/// workshop's .ics attached, once per email id, through the notification ledger (<see cref="EmailDelivery"/>); the
/// message is settled as <see cref="EmailMessageSettlement"/> decides, and a body that isn't a training email is
/// dead-lettered at once.
/// </summary>
public sealed class SendTrainingEmailFunction(
    EmailDelivery delivery,
    EmailMessageSettlement settlement,
    TrainingEmailRenderer renderer,
    EmailLinkFactory links,
    IOptions<SendGridOptions> sendGrid,
    IOptions<TrainingOptions> options,
    AppMetrics metrics,
    ILogger<SendTrainingEmailFunction> logger)
{
    public const string MalformedReason = "MalformedTrainingEmail";

    /// <summary>SendGrid custom args: they come back on SendGrid's events, tying them to the email and the workshop.</summary>
    public const string EmailIdArg = "trainingEmailId";
    public const string TrainingIdArg = "trainingId";

    [Function("SendTrainingEmail")]
    public async Task Run(
        [ServiceBusTrigger("%TrainingEmailsQueueName%", Connection = "ServiceBusConnection", AutoCompleteMessages = false)] ServiceBusReceivedMessage message,
        ServiceBusMessageActions actions,
        CancellationToken cancellationToken)
    {
        if (!TrainingEmailMessageReader.TryRead(message.Body, out var email, out var error))
        {
            logger.LogError("Training email message {MessageId} dead-lettered: {Error}", message.MessageId, error);
            metrics.Email("training", AppMetrics.EmailOutcomes.DeadLettered);
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

        var job = new EmailJob(email.CreatorId, EmailKeys.Workshop(email.EmailId), EmailKind.Workshop, TrainingEmailRenderer.CategoryOf(email.Kind), profile => Render(email, profile), RetryRefused: EmailMessageSettlement.IsRedriven(message));
        await settlement.DeliverAndSettleAsync(token => delivery.DeliverOnceAsync(job, token), message, actions, options.Value.QueueName, cancellationToken);
    }

    private OutgoingEmail Render(TrainingEmailMessage email, Domain.Creators.CreatorProfile profile)
    {
        var settings = sendGrid.Value;
        var rendered = renderer.Render(email, profile, new CalendarPerson(settings.FromEmail, settings.FromName), links.For(email.CreatorId, EmailKind.Workshop));
        return new OutgoingEmail(
            rendered.Category,
            rendered.Subject,
            rendered.Html,
            rendered.Text,
            new Dictionary<string, string> { [EmailIdArg] = email.EmailId, [TrainingIdArg] = email.Training.TrainingId },
            [rendered.Calendar]);
    }
}
