using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// The email function with the app's real email registrations (AddAlertEmails): the real SendGrid client, pointed
/// through SendGrid__Host at <see cref="FakeSendGrid"/>; fakes for storage, the clock and message settlement.
/// </summary>
public sealed class EmailHarness : IAsyncDisposable
{
    public const string ApiKey = "SG.test-key.abc123";
    public const string FromEmail = "alerts@creator-platform.example";
    public const string FromName = "Creator Account Health";
    public const string ReplyTo = "creator-support@creator-platform.example";

    private EmailHarness(FakeSendGrid sendGrid, ServiceProvider services, RecordedDelays time, LogCollector logs, InMemoryCreators creators, InMemoryDeliveryLog deliveries)
    {
        SendGrid = sendGrid;
        Services = services;
        Time = time;
        Logs = logs;
        Creators = creators;
        Deliveries = deliveries;
    }

    public FakeSendGrid SendGrid { get; }

    public ServiceProvider Services { get; }

    public RecordedDelays Time { get; }

    public LogCollector Logs { get; }

    public InMemoryCreators Creators { get; }

    public InMemoryDeliveryLog Deliveries { get; }

    public RecordingMessageActions Actions { get; } = new();

    public static async Task<EmailHarness> StartAsync()
    {
        var sendGrid = await FakeSendGrid.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SendGrid:ApiKey"] = ApiKey,
            ["SendGrid:Host"] = sendGrid.BaseUrl,
            ["SendGrid:FromEmail"] = FromEmail,
            ["SendGrid:FromName"] = FromName,
            ["SendGrid:ReplyTo"] = ReplyTo,
        }).Build();
        var time = new RecordedDelays(new DateTimeOffset(2027, 2, 2, 15, 0, 0, TimeSpan.Zero));
        var logs = new LogCollector();
        var creators = new InMemoryCreators();
        var deliveries = new InMemoryDeliveryLog();
        var services = new ServiceCollection()
            .AddLogging(b => b.AddProvider(logs).AddTelemetryCapture())
            .AddAlertEmails(configuration)
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<ICreatorStore>(creators)
            .AddSingleton<IAlertDeliveryLog>(deliveries)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new EmailHarness(sendGrid, services, time, logs, creators, deliveries);
    }

    public SendAlertEmailFunction Function() => ActivatorUtilities.CreateInstance<SendAlertEmailFunction>(Services);

    /// <summary>Delivers the alert to the function as Service Bus would, its id as the MessageId.</summary>
    public Task DeliverAsync(AlertMessage alert, int deliveryCount = 1) =>
        DeliverAsync(JsonSerializer.Serialize(alert, AppJson.Options), alert.AlertId, deliveryCount);

    public Task DeliverAsync(string body, string messageId, int deliveryCount = 1) =>
        Function().Run(Message(body, messageId, deliveryCount), Actions, CancellationToken.None);

    public static ServiceBusReceivedMessage Message(string body, string messageId, int deliveryCount = 1) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: BinaryData.FromString(body),
            messageId: messageId,
            subject: AlertMessage.Subject,
            contentType: "application/json",
            deliveryCount: deliveryCount);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await SendGrid.DisposeAsync();
        TelemetryCapture.Shared.AssertNothingPrivate();
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
