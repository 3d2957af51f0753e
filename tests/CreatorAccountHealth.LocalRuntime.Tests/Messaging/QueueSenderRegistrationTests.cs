using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.LocalRuntime.Tests.Messaging;

/// <summary>AddQueueSender: Service Bus when its connection is set, the host's own sender otherwise, a start-up failure with neither.</summary>
public class QueueSenderRegistrationTests
{
    [Fact]
    public async Task With_a_connection_the_app_sends_through_Service_Bus()
    {
        // ServiceBusClient disposes only asynchronously, as the Functions host disposes its services.
        await using var services = new ServiceCollection()
            .AddQueueSender(Configuration.With("ServiceBusConnection", "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0"))
            .BuildServiceProvider();

        Assert.IsType<ServiceBusQueueSender>(services.GetRequiredService<IQueueSender>());
        Assert.Empty(services.GetRequiredService<IOptions<ServiceBusConnectionOptions>>().Value.Problems());
    }

    [Fact]
    public void Without_a_connection_nothing_is_registered_and_start_up_fails_naming_the_settings()
    {
        using var services = new ServiceCollection().AddQueueSender(Configuration.With()).BuildServiceProvider();

        Assert.Null(services.GetService<IQueueSender>());
        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ServiceBusConnectionOptions>>().Value);
        Assert.Contains("'ServiceBusConnection'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'ServiceBusConnection__fullyQualifiedNamespace'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_connection_a_sender_the_host_registers_before_or_after_is_used()
    {
        var before = new ServiceCollection().AddSingleton<IQueueSender, StubSender>().AddQueueSender(Configuration.With());
        var after = new ServiceCollection().AddQueueSender(Configuration.With()).AddSingleton<IQueueSender, StubSender>();

        foreach (var collection in new[] { before, after })
        {
            using var services = collection.BuildServiceProvider();
            Assert.IsType<StubSender>(services.GetRequiredService<IQueueSender>());
            Assert.False(services.GetRequiredService<IOptions<ServiceBusConnectionOptions>>().Value.IsConfigured);
        }
    }

    [Fact]
    public async Task The_local_runtime_without_a_connection_gives_the_app_its_in_process_queue()
    {
        await using var runtime = await TestRuntime.StartAsync(["GetItem"], services: services => services.AddQueueSender(Configuration.With()));

        Assert.Same(runtime.App.Services.GetRequiredService<InProcessQueue>(), runtime.App.Services.GetRequiredService<IQueueSender>());
    }

    private sealed class StubSender : IQueueSender
    {
        public Task SendAsync(string queueName, OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
