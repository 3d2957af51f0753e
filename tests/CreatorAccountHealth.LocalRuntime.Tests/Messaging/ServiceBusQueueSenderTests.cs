using System.Net.Sockets;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Messaging;

namespace CreatorAccountHealth.LocalRuntime.Tests.Messaging;

/// <summary>The Service Bus sender against a stand-in client: what it sends, and which failures mean "queue unavailable".</summary>
public class ServiceBusQueueSenderTests
{
    private readonly FakeClient client = new();

    [Fact]
    public async Task The_outgoing_message_carries_id_subject_content_type_and_body()
    {
        await Sender().SendAsync("alerts", new OutgoingMessage("alert-1", "milestone-alert", BinaryData.FromString("""{"a":1}""")), CancellationToken.None);

        var sent = Assert.Single(client.Sender("alerts").Sent);
        Assert.Equal("alert-1", sent.MessageId);
        Assert.Equal("milestone-alert", sent.Subject);
        Assert.Equal("application/json", sent.ContentType);
        Assert.Equal("""{"a":1}""", sent.Body.ToString());
    }

    [Fact]
    public async Task One_sender_per_queue_is_created_and_reused()
    {
        var sender = Sender();

        await sender.SendAsync("alerts", Message("a"), CancellationToken.None);
        await sender.SendAsync("ALERTS", Message("b"), CancellationToken.None);
        await sender.SendAsync("other", Message("c"), CancellationToken.None);

        Assert.Equal(["alerts", "other"], client.Created);
    }

    public static TheoryData<Exception> Unavailable => new()
    {
        new ServiceBusException("busy", ServiceBusFailureReason.ServiceBusy),
        new ServiceBusException("timeout", ServiceBusFailureReason.ServiceTimeout),
        new ServiceBusException("network", ServiceBusFailureReason.ServiceCommunicationProblem),
        new ServiceBusException("full", ServiceBusFailureReason.QuotaExceeded),
        new ServiceBusException("no queue", ServiceBusFailureReason.MessagingEntityNotFound),
        new ServiceBusException("disabled", ServiceBusFailureReason.MessagingEntityDisabled),
        new ServiceBusException(isTransient: true, "blip", "alerts", ServiceBusFailureReason.GeneralError, null),
        new SocketException((int)SocketError.ConnectionRefused),
        new TimeoutException(),
        new AuthenticationFailedException("no managed identity here"),
        new UnauthorizedAccessException("missing Azure Service Bus Data Sender"),
        new TaskCanceledException("the SDK gave up"),
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task A_broker_or_connection_failure_is_reported_as_the_queue_being_unavailable(Exception failure)
    {
        client.Sender("alerts").Failure = failure;

        var error = await Assert.ThrowsAsync<QueueUnavailableException>(() => Sender().SendAsync("alerts", Message("alert-1"), CancellationToken.None));

        Assert.Same(failure, error.InnerException);
        Assert.Contains("'alerts'", error.Message, StringComparison.Ordinal);
        Assert.Contains("alert-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_too_large_is_a_bug_not_an_outage()
    {
        client.Sender("alerts").Failure = new ServiceBusException("too large", ServiceBusFailureReason.MessageSizeExceeded);

        var error = await Assert.ThrowsAsync<ServiceBusException>(() => Sender().SendAsync("alerts", Message("alert-1"), CancellationToken.None));

        Assert.Equal(ServiceBusFailureReason.MessageSizeExceeded, error.Reason);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_reported_as_an_outage()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        client.Sender("alerts").Failure = new TaskCanceledException();

        await Assert.ThrowsAsync<TaskCanceledException>(() => Sender().SendAsync("alerts", Message("alert-1"), cancelled.Token));
    }

    private static OutgoingMessage Message(string id) => new(id, "milestone-alert", BinaryData.FromString("{}"));

    private ServiceBusQueueSender Sender() => new(client, TimeProvider.System);

    private sealed class FakeClient : ServiceBusClient
    {
        private readonly Dictionary<string, FakeSender> senders = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Created { get; } = [];

        public FakeSender Sender(string queueName)
        {
            if (!senders.TryGetValue(queueName, out var sender))
            {
                senders[queueName] = sender = new FakeSender();
            }

            return sender;
        }

        public override ServiceBusSender CreateSender(string queueOrTopicName)
        {
            Created.Add(queueOrTopicName);
            return Sender(queueOrTopicName);
        }
    }

    private sealed class FakeSender : ServiceBusSender
    {
        public List<ServiceBusMessage> Sent { get; } = [];

        public Exception? Failure { get; set; }

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            if (Failure is not null)
            {
                return Task.FromException(Failure);
            }

            Sent.Add(message);
            return Task.CompletedTask;
        }
    }
}
