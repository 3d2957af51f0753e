using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>With a Service Bus connection set, functions run on a ServiceBusProcessor (no namespace here: only the wiring is checked).</summary>
public class ServiceBusProcessorTests
{
    [Fact]
    public async Task With_a_connection_the_function_runs_on_a_processor_and_the_runtime_still_starts_and_stops_when_the_namespace_is_unreachable()
    {
        var started = DateTimeOffset.UtcNow;
        await using (var runtime = await TestRuntime.StartAsync(
            ["SbSettle"],
            new Dictionary<string, string> { ["ServiceBusConnection"] = "Endpoint=sb://127.0.0.1/;SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true" },
            services => services.AddSingleton(new ServiceBusProbe())))
        {
            var hosted = runtime.App.Services.GetServices<IHostedService>().ToList();
            Assert.Single(hosted.OfType<ServiceBusProcessorHost>());
            Assert.Empty(hosted.OfType<InProcessQueueListener>());
        }

        Assert.True(DateTimeOffset.UtcNow - started < TestTimeout.Value);
    }
}
