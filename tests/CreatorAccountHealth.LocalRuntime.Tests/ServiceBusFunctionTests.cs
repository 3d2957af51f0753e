using System.Text;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>
/// Service Bus functions on the in-process queue (no ServiceBusConnection is set), sent to through the app's
/// <see cref="IQueueSender"/>. Redelivery delays run on a fake clock that moves only when a test advances it.
/// </summary>
public class ServiceBusFunctionTests
{
    private const string OrdersQueue = "orders-local";
    private static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(2);

    private readonly WatchedClock clock = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ServiceBusProbe probe = new();

    [Fact]
    public async Task A_message_sent_through_the_app_sender_reaches_the_function_on_the_queue_its_setting_names()
    {
        await using var runtime = await StartAsync("SbOrders");

        await SendAsync(runtime, OrdersQueue, "order-1", """{"orderId":"o-1"}""");
        var call = await probe.NextCallAsync();

        var message = Assert.IsType<ServiceBusReceivedMessage>(call.Bound);
        Assert.Equal("order-1", message.MessageId);
        Assert.Equal("order-placed", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("""{"orderId":"o-1"}""", message.Body.ToString());
        Assert.Equal(1, message.DeliveryCount);
        Assert.Equal(clock.GetUtcNow(), message.EnqueuedTime);
        Assert.Equal("order-1", call.Context.BindingContext.BindingData["MessageId"]);
        Assert.Equal("serviceBusTrigger", Assert.Single(call.Context.FunctionDefinition.InputBindings).Value.Type);
        await QueueDrainedAsync(runtime, OrdersQueue);
        Assert.Empty(Queue(runtime).DeadLetterMessages(OrdersQueue));
    }

    [Fact]
    public async Task A_repeated_MessageId_is_dropped_within_the_duplicate_detection_window_and_accepted_after_it()
    {
        // One message at a time, in order: a repeat that got through would be delivered before the next message.
        await using var runtime = await StartAsync("SbOrders", ("LocalRuntime__ServiceBus__MaxConcurrentCalls", "1"));

        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        await probe.NextCallAsync();
        await QueueDrainedAsync(runtime, OrdersQueue);
        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        await SendAsync(runtime, OrdersQueue, "order-2", "{}");

        Assert.Equal("order-2", (await probe.NextCallAsync()).MessageId);
        clock.Advance(TimeSpan.FromMinutes(10));
        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        Assert.Equal("order-1", (await probe.NextCallAsync()).MessageId);
    }

    [Fact]
    public async Task A_failed_invocation_is_redelivered_after_the_delay_with_its_delivery_count_up()
    {
        probe.FailuresLeft = 1;
        await using var runtime = await StartAsync("SbOrders");

        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        Assert.Equal(1, (await probe.NextCallAsync()).DeliveryCount);
        Assert.Equal(RedeliveryDelay, await clock.NextWaitAsync());
        Assert.False(probe.HasCall);
        clock.Advance(RedeliveryDelay);

        Assert.Equal(2, (await probe.NextCallAsync()).DeliveryCount);
        await QueueDrainedAsync(runtime, OrdersQueue);
        Assert.Empty(Queue(runtime).DeadLetterMessages(OrdersQueue));
    }

    [Fact]
    public async Task A_message_that_keeps_failing_is_dead_lettered_after_MaxDeliveryCount_deliveries()
    {
        probe.FailuresLeft = int.MaxValue;
        await using var runtime = await StartAsync("SbOrders", ("LocalRuntime__ServiceBus__MaxDeliveryCount", "3"));

        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        for (var delivery = 1; delivery < 3; delivery++)
        {
            Assert.Equal(delivery, (await probe.NextCallAsync()).DeliveryCount);
            await clock.NextWaitAsync();
            clock.Advance(RedeliveryDelay);
        }

        Assert.Equal(3, (await probe.NextCallAsync()).DeliveryCount);
        var deadLettered = await Queue(runtime).WaitForDeadLetterAsync(OrdersQueue, "order-1", CancellationToken.None).WaitAsync(TestTimeout.Value);

        Assert.Equal(InProcessQueue.MaxDeliveryCountExceeded, deadLettered.DeadLetterReason);
        Assert.Contains("3 delivery attempts", deadLettered.DeadLetterErrorDescription, StringComparison.Ordinal);
        Assert.Equal(3, deadLettered.DeliveryCount);
        Assert.Equal(OrdersQueue, deadLettered.DeadLetterSource);
        Assert.Equal("{}", deadLettered.Body.ToString());
        Assert.Equal(0, Queue(runtime).ActiveMessageCount(OrdersQueue));
    }

    [Fact]
    public async Task A_queue_with_receiving_disabled_accepts_messages_and_delivers_them_in_order_once_enabled()
    {
        await using var runtime = await StartAsync("SbOrders", ("LocalRuntime__ServiceBus__MaxConcurrentCalls", "1"));
        Queue(runtime).DisableReceive(OrdersQueue);

        await SendAsync(runtime, OrdersQueue, "order-1", "{}");
        await SendAsync(runtime, OrdersQueue, "order-2", "{}");

        // Nothing to wait for but time: a delivery takes milliseconds once a listener is free.
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.False(probe.HasCall);
        Assert.Equal(2, Queue(runtime).ActiveMessageCount(OrdersQueue));

        Queue(runtime).EnableReceive(OrdersQueue);
        Assert.Equal("order-1", (await probe.NextCallAsync()).MessageId);
        Assert.Equal("order-2", (await probe.NextCallAsync()).MessageId);
        await QueueDrainedAsync(runtime, OrdersQueue);
    }

    [Fact]
    public async Task A_scheduled_message_is_delivered_at_its_scheduled_enqueue_time_with_its_properties()
    {
        await using var runtime = await StartAsync("SbOrders");
        var at = clock.GetUtcNow().AddMinutes(5);

        await runtime.App.Services.GetRequiredService<IQueueSender>().SendAsync(
            OrdersQueue,
            new OutgoingMessage("order-later", "order-placed", BinaryData.FromString("{}"))
            {
                ScheduledEnqueueTime = at,
                Properties = new Dictionary<string, object> { ["retryAttempt"] = 2 },
            },
            CancellationToken.None);

        Assert.Equal(TimeSpan.FromMinutes(5), await clock.NextWaitAsync());
        Assert.False(probe.HasCall);
        Assert.Equal(1, Queue(runtime).ActiveMessageCount(OrdersQueue)); // scheduled messages count as active, as on Service Bus
        clock.Advance(TimeSpan.FromMinutes(5));

        var message = Assert.IsType<ServiceBusReceivedMessage>((await probe.NextCallAsync()).Bound);
        Assert.Equal("order-later", message.MessageId);
        Assert.Equal(2, message.ApplicationProperties["retryAttempt"]);
        Assert.Equal(at, message.EnqueuedTime);
        await QueueDrainedAsync(runtime, OrdersQueue);
    }

    [Fact]
    public async Task Re_driving_the_dead_letter_queue_puts_its_messages_back_marked_as_re_driven_with_their_back_off_reset()
    {
        probe.Settlement = Settlement.DeadLetter;
        await using var runtime = await StartAsync("SbSettle");
        await runtime.App.Services.GetRequiredService<IQueueSender>().SendAsync(
            ServiceBusTestFunctions.SettleQueue,
            new OutgoingMessage("alert-1", "alert", BinaryData.FromString("{}")) { Properties = new Dictionary<string, object> { ["retryAttempt"] = 9, ["keep"] = "me" } },
            CancellationToken.None);
        await probe.NextCallAsync();
        await Queue(runtime).WaitForDeadLetterAsync(ServiceBusTestFunctions.SettleQueue, "alert-1", CancellationToken.None).WaitAsync(TestTimeout.Value);

        probe.Settlement = Settlement.Complete;
        var redriven = await runtime.App.Services.GetRequiredService<IDeadLetterRedrive>().RedriveAsync(ServiceBusTestFunctions.SettleQueue, 100, CancellationToken.None);

        Assert.Equal(1, redriven);
        Assert.Empty(Queue(runtime).DeadLetterMessages(ServiceBusTestFunctions.SettleQueue));
        var again = Assert.IsType<ServiceBusReceivedMessage>((await probe.NextCallAsync()).Bound);
        Assert.StartsWith("alert-1~redriven-", again.MessageId, StringComparison.Ordinal);
        Assert.True(again.ApplicationProperties.ContainsKey(CreatorAccountHealth.Functions.Notifications.EmailMessageSettlement.RedrivenProperty));
        Assert.False(again.ApplicationProperties.ContainsKey("retryAttempt"));
        Assert.False(again.ApplicationProperties.ContainsKey("DeadLetterReason"));
        Assert.Equal("me", again.ApplicationProperties["keep"]);
    }

    [Fact]
    public async Task A_function_that_dead_letters_its_message_sends_it_to_the_dead_letter_queue_at_once_with_its_reason()
    {
        probe.Settlement = Settlement.DeadLetter;
        await using var runtime = await StartAsync("SbSettle");

        await SendAsync(runtime, ServiceBusTestFunctions.SettleQueue, "alert-1", "{}");
        await probe.NextCallAsync();
        var deadLettered = await Queue(runtime).WaitForDeadLetterAsync(ServiceBusTestFunctions.SettleQueue, "alert-1", CancellationToken.None)
            .WaitAsync(TestTimeout.Value);

        Assert.Equal(ServiceBusProbe.DeadLetterReason, deadLettered.DeadLetterReason);
        Assert.Equal(ServiceBusProbe.DeadLetterDescription, deadLettered.DeadLetterErrorDescription);
        Assert.Equal(1, deadLettered.DeliveryCount);
        Assert.False(probe.HasCall);
    }

    [Fact]
    public async Task A_message_the_function_completes_is_gone_and_settling_it_again_fails_as_on_Service_Bus()
    {
        probe.Settlement = Settlement.CompleteTwice;
        await using var runtime = await StartAsync("SbSettle");

        await SendAsync(runtime, ServiceBusTestFunctions.SettleQueue, "alert-1", "{}");
        await probe.NextCallAsync();
        var error = Assert.IsType<ServiceBusException>(await probe.SecondSettlementErrorAsync());
        await QueueDrainedAsync(runtime, ServiceBusTestFunctions.SettleQueue);
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, error.Reason);
        Assert.Empty(Queue(runtime).DeadLetterMessages(ServiceBusTestFunctions.SettleQueue));
    }

    [Fact]
    public async Task Without_AutoCompleteMessages_a_message_the_function_leaves_unsettled_is_delivered_again()
    {
        probe.Settlement = Settlement.Nothing;
        await using var runtime = await StartAsync("SbSettle");

        await SendAsync(runtime, ServiceBusTestFunctions.SettleQueue, "alert-1", "{}");
        Assert.Equal(1, (await probe.NextCallAsync()).DeliveryCount);
        await clock.NextWaitAsync();
        probe.Settlement = Settlement.Complete;
        clock.Advance(RedeliveryDelay);

        Assert.Equal(2, (await probe.NextCallAsync()).DeliveryCount);
        await QueueDrainedAsync(runtime, ServiceBusTestFunctions.SettleQueue);
    }

    [Fact]
    public async Task A_payload_parameter_is_the_body_deserialized_with_the_apps_json_options()
    {
        await using var runtime = await StartAsync("SbPayload");
        var sent = new OrderPlaced("o-7", OrderKind.GiftWrapped, Instant.FromUtc(2030, 1, 1, 9, 30));

        await SendAsync(runtime, ServiceBusTestFunctions.PayloadQueue, "order-7", JsonSerializer.Serialize(sent, AppJson.Options));
        var call = await probe.NextCallAsync();

        Assert.Equal(sent, call.Bound);
        Assert.Equal("order-7", call.MessageId);
    }

    [Fact]
    public async Task A_body_that_is_not_the_payload_type_fails_the_invocation_until_the_message_is_dead_lettered()
    {
        await using var runtime = await StartAsync("SbPayload", ("LocalRuntime__ServiceBus__MaxDeliveryCount", "1"));

        await SendAsync(runtime, ServiceBusTestFunctions.PayloadQueue, "order-8", "not json");
        var deadLettered = await Queue(runtime).WaitForDeadLetterAsync(ServiceBusTestFunctions.PayloadQueue, "order-8", CancellationToken.None)
            .WaitAsync(TestTimeout.Value);

        Assert.Equal(InProcessQueue.MaxDeliveryCountExceeded, deadLettered.DeadLetterReason);
        Assert.False(probe.HasCall);
    }

    [Fact]
    public async Task A_string_parameter_is_the_body_as_text()
    {
        await using var runtime = await StartAsync("SbText");

        await SendAsync(runtime, ServiceBusTestFunctions.TextQueue, "text-1", "héllo");

        Assert.Equal("héllo", (await probe.NextCallAsync()).Bound);
    }

    [Fact]
    public async Task A_queue_name_setting_that_is_missing_stops_start_up_naming_it()
    {
        var error = await Assert.ThrowsAsync<LocalRuntimeConfigurationException>(() => TestRuntime.StartAsync(["SbOrders"], Values()));

        Assert.Contains("'SbOrders'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Queues__Orders'", error.Message, StringComparison.Ordinal);
    }

    private static InProcessQueue Queue(TestRuntime runtime) => runtime.App.Services.GetRequiredService<InProcessQueue>();

    private static Task SendAsync(TestRuntime runtime, string queueName, string messageId, string body) =>
        runtime.App.Services.GetRequiredService<IQueueSender>()
            .SendAsync(queueName, new OutgoingMessage(messageId, "order-placed", BinaryData.FromBytes(Encoding.UTF8.GetBytes(body))), CancellationToken.None);

    /// <summary>Waits until every message of the queue is settled for good (completed or dead-lettered).</summary>
    private static async Task QueueDrainedAsync(TestRuntime runtime, string queueName)
    {
        using var timeout = new CancellationTokenSource(TestTimeout.Value);
        while (Queue(runtime).ActiveMessageCount(queueName) > 0)
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static Dictionary<string, string> Values(params (string Name, string Value)[] settings) =>
        settings.ToDictionary(s => s.Name, s => s.Value);

    private Task<TestRuntime> StartAsync(string function, params (string Name, string Value)[] settings) =>
        TestRuntime.StartAsync(
            [function],
            Values([(ServiceBusTestFunctions.OrdersQueueSetting, OrdersQueue), ("LocalRuntime__ServiceBus__RedeliveryDelay", "00:00:02"), .. settings]),
            services => services.AddSingleton(probe).AddSingleton<TimeProvider>(clock));
}
