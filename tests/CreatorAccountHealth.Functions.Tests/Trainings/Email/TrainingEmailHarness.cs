using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Email;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>
/// The app's real registrations (AddCreatorAccountHealth) against a Cosmos endpoint, the real SendGrid client posting to
/// <see cref="FakeSendGrid"/>, a clock that skips retry waits, and message settlement recorded.
/// </summary>
internal sealed class TrainingEmailHarness : IAsyncDisposable
{
    public const string FromEmail = "trainings@creator-platform.example";
    public const string FromName = "Creator Trainings";

    private TrainingEmailHarness(ServiceProvider services, FakeSendGrid sendGrid, RecordedDelays time, LogCollector logs)
    {
        Services = services;
        SendGrid = sendGrid;
        Time = time;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public FakeSendGrid SendGrid { get; }

    public RecordedDelays Time { get; }

    public LogCollector Logs { get; }

    public RecordingMessageActions Actions { get; } = new();

    public NotificationLedger Ledger => Services.GetRequiredService<NotificationLedger>();

    public RecordingQueueSender Queue => (RecordingQueueSender)Services.GetRequiredService<IQueueSender>();

    /// <summary>Copies of messages the function re-scheduled on its queue.</summary>
    public List<OutgoingMessage> Rescheduled => Queue.Sent.Where(s => s.Queue == "training-emails").Select(s => s.Message).ToList();

    public static async Task<TrainingEmailHarness> StartAsync(string connectionString, string databaseName, bool createDatabase = true)
    {
        var sendGrid = await FakeSendGrid.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [CosmosOptions.ConnectionName] = connectionString,
            ["CosmosDb:DatabaseName"] = databaseName,
            ["CosmosDb:RequestTimeout"] = "00:00:05",
            ["Webhook:SigningSecrets"] = "secret",
            ["CreatorAuth:Issuer"] = CallerTokens.Issuer,
            ["CreatorAuth:Audience"] = CallerTokens.Audience,
            ["CreatorAuth:SigningKeys"] = CallerTokens.Secret,
            ["App:PublicBaseUrl"] = LinkTestSettings.PublicBaseUrl,
            ["AccountLinks:SigningKeys"] = LinkTestSettings.Secret,
            ["Appeals:UrlTemplate"] = LinkTestSettings.AppealUrlTemplate,
            ["AlertsQueueName"] = "milestone-alerts",
            ["AlertsRepublishSchedule"] = "0 */1 * * * *",
            ["ReportsQueueName"] = "weekly-reports",
            ["ReportsSchedule"] = "0 0 6 * * 1",
            ["TrainingEmailsQueueName"] = "training-emails",
            ["TrainingEmailsRepublishSchedule"] = "0 */5 * * * *",
            ["SendGrid:ApiKey"] = "SG.training-test",
            ["SendGrid:Host"] = sendGrid.BaseUrl,
            ["SendGrid:FromEmail"] = FromEmail,
            ["SendGrid:FromName"] = FromName,
            ["SendGrid:ReplyTo"] = "creator-support@creator-platform.example",
        }).Build();
        var time = new RecordedDelays(SampleTrainings.DecidedAt.ToDateTimeOffset().AddSeconds(5));
        var logs = new LogCollector();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).AddTelemetryCapture())
            .AddCreatorAccountHealth(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<IQueueSender>(new RecordingQueueSender())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        if (createDatabase)
        {
            await services.GetRequiredService<CosmosContainers>().EnsureCreatedAsync(CancellationToken.None);
        }

        return new TrainingEmailHarness(services, sendGrid, time, logs);
    }

    public SendTrainingEmailFunction Function() => ActivatorUtilities.CreateInstance<SendTrainingEmailFunction>(Services);

    public async Task AddCreatorAsync(CreatorProfile profile, string eventId = "evt-profile") =>
        await Services.GetRequiredService<ICreatorStore>().RecordAsync(new CreatorUpsertedEvent(eventId, profile.UpdatedAt, profile), profile.UpdatedAt, CancellationToken.None);

    /// <summary>Delivers the message as Service Bus would: its email id as the MessageId, with a sequence number and delivery count.</summary>
    public Task DeliverAsync(TrainingEmailMessage message, long sequenceNumber = 1, int deliveryCount = 1) =>
        DeliverAsync(JsonSerializer.Serialize(message, AppJson.Options), message.EmailId, sequenceNumber, deliveryCount);

    public Task DeliverAsync(string body, string messageId, long sequenceNumber = 1, int deliveryCount = 1, IDictionary<string, object>? properties = null) =>
        Function().Run(
            ServiceBusModelFactory.ServiceBusReceivedMessage(
                body: BinaryData.FromString(body),
                messageId: messageId,
                subject: TrainingEmailMessage.Subject,
                contentType: "application/json",
                properties: properties,
                sequenceNumber: sequenceNumber,
                deliveryCount: deliveryCount),
            Actions,
            CancellationToken.None);

    /// <summary>The email's delivery record, or null.</summary>
    public Task<DeliveryRecord?> RecordOfAsync(TrainingEmailMessage message) =>
        Ledger.ReadAsync(message.CreatorId, EmailKeys.Workshop(message.EmailId), CancellationToken.None);

    public Instant Now => Instant.FromDateTimeOffset(Time.GetUtcNow());

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await SendGrid.DisposeAsync();
        TelemetryCapture.Shared.AssertNothingPrivate();
    }
}
