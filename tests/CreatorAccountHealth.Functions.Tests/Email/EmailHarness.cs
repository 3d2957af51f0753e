using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// The email function with the app's real registrations (AddCreatorAccountHealth) against a Cosmos endpoint: the real
/// SendGrid client, pointed through SendGrid__Host at <see cref="FakeSendGrid"/>, the real notification ledger; fakes for
/// the creators' profiles, the clock (retry waits skipped), the queue (re-scheduled copies recorded) and settlement.
/// </summary>
public sealed class EmailHarness : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key.abc123";
    public const string FromEmail = "alerts@creator-platform.example";
    public const string FromName = "Creator Account Health";
    public const string ReplyTo = "creator-support@creator-platform.example";
    public const string QueueName = "milestone-alerts";

    private EmailHarness(FakeSendGrid sendGrid, ServiceProvider services, RecordedDelays time, LogCollector logs, InMemoryCreators creators, RecordingQueueSender queue)
    {
        SendGrid = sendGrid;
        Services = services;
        Time = time;
        Logs = logs;
        Creators = creators;
        Queue = queue;
    }

    public FakeSendGrid SendGrid { get; }

    public ServiceProvider Services { get; }

    public RecordedDelays Time { get; }

    public LogCollector Logs { get; }

    public InMemoryCreators Creators { get; }

    public RecordingQueueSender Queue { get; }

    public RecordingMessageActions Actions { get; } = new();

    public NotificationLedger Ledger => Services.GetRequiredService<NotificationLedger>();

    public static async Task<EmailHarness> StartAsync(CosmosServer cosmos)
    {
        var sendGrid = await FakeSendGrid.StartAsync();
        var settings = AppHarness.Settings(cosmos.ConnectionString, cosmos.NewDatabaseName());
        settings["SendGrid:ApiKey"] = ApiKey;
        settings["SendGrid:Host"] = sendGrid.BaseUrl;
        settings["SendGrid:FromEmail"] = FromEmail;
        settings["SendGrid:FromName"] = FromName;
        settings["SendGrid:ReplyTo"] = ReplyTo;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var time = new RecordedDelays(new DateTimeOffset(2027, 2, 2, 15, 0, 0, TimeSpan.Zero));
        var logs = new LogCollector();
        var creators = new InMemoryCreators();
        var queue = new RecordingQueueSender();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs))
            .AddCreatorAccountHealth(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ICreatorStore>(creators)
            .AddSingleton<IQueueSender>(queue)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        await services.GetRequiredService<CosmosContainers>().EnsureCreatedAsync(CancellationToken.None);
        return new EmailHarness(sendGrid, services, time, logs, creators, queue);
    }

    public SendAlertEmailFunction Function() => ActivatorUtilities.CreateInstance<SendAlertEmailFunction>(Services);

    /// <summary>Delivers the alert to the function as Service Bus would, its id as the MessageId.</summary>
    public Task DeliverAsync(AlertMessage alert, int deliveryCount = 1) =>
        DeliverAsync(JsonSerializer.Serialize(alert, AppJson.Options), alert.AlertId, deliveryCount);

    public Task DeliverAsync(string body, string messageId, int deliveryCount = 1) =>
        Function().Run(Message(body, messageId, deliveryCount), Actions, CancellationToken.None);

    /// <summary>Delivers a message as it went on the queue (a re-scheduled copy, with its properties).</summary>
    public Task DeliverAsync(OutgoingMessage message) =>
        Function().Run(
            ServiceBusModelFactory.ServiceBusReceivedMessage(
                body: message.Body,
                messageId: message.MessageId,
                subject: message.Subject,
                contentType: message.ContentType,
                properties: message.Properties?.ToDictionary(),
                enqueuedTime: message.ScheduledEnqueueTime ?? Time.GetUtcNow()),
            Actions,
            CancellationToken.None);

    public static ServiceBusReceivedMessage Message(string body, string messageId, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId,
            subject: AlertMessage.Subject,
            contentType: "application/json",
            deliveryCount: deliveryCount);

    /// <summary>The alert email's delivery record, or null.</summary>
    public Task<DeliveryRecord?> RecordOfAsync(AlertMessage alert) =>
        Ledger.ReadAsync(alert.CreatorId, EmailKeys.MilestoneAlert(alert.AlertId), CancellationToken.None);

    /// <summary>Copies of messages the function re-scheduled on its queue.</summary>
    public List<OutgoingMessage> Rescheduled => Queue.Sent.Where(s => s.Queue == QueueName).Select(s => s.Message).ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}

/// <summary>Every log line written, rendered, for asserting that a reason was logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
