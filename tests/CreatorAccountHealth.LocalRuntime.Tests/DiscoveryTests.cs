using System.Reflection;
using CreatorAccountHealth.LocalRuntime.Discovery;
using CreatorAccountHealth.LocalRuntime.Http;
using CreatorAccountHealth.LocalRuntime.Invocation;
using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;
using CreatorAccountHealth.LocalRuntime.Timers;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.Tests;

public class DiscoveryTests
{
    private static readonly Assembly TestAssembly = typeof(HttpTestFunctions).Assembly;

    [Fact]
    public void Functions_with_a_trigger_the_runtime_does_not_support_are_listed_but_not_hosted()
    {
        var catalog = FunctionDiscovery.Discover([TestAssembly], ["GetItem", "Sweep", "QueueTriggered"]);

        Assert.Equal(["GetItem", "Sweep"], catalog.Hosted.Select(f => f.Name).Order());
        Assert.Equal("QueueTriggered (FakeQueueTriggerAttribute)", Assert.Single(catalog.NotHosted));
    }

    [Fact]
    public void An_unknown_function_name_stops_start_up_listing_the_functions()
    {
        var error = Assert.Throws<LocalRuntimeConfigurationException>(() => FunctionDiscovery.Discover([TestAssembly], ["GetItme"]));

        Assert.Contains("'GetItme'", error.Message, StringComparison.Ordinal);
        Assert.Contains("GetItem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_the_runtime_cannot_bind_stops_start_up_naming_function_and_parameter()
    {
        var error = Assert.Throws<LocalRuntimeConfigurationException>(() => FunctionDiscovery.Discover([TestAssembly], ["Unbindable"]));

        Assert.Contains("'Unbindable'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'body'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_banner_lists_each_function_with_its_methods_and_url_or_its_schedule_and_next_run()
    {
        var catalog = FunctionDiscovery.Discover([TestAssembly], ["GetItem", "AnyMethod", "Sweep"]);
        var http = catalog.Hosted.Where(f => f.Trigger is Microsoft.Azure.Functions.Worker.HttpTriggerAttribute).Select(f => HttpFunction.Create(f, "api"));
        var sweep = TimerFunction.Create(
            catalog.Hosted.Single(f => f.Name == "Sweep"), Configuration.With(TimerTestFunctions.SweepSetting, "0 */5 * * * *"), TimeZoneInfo.Utc);

        var banner = FunctionBanner.Format("http://localhost:7071/", http, [sweep], [], new DateTimeOffset(2030, 1, 1, 0, 1, 0, TimeSpan.Zero));

        Assert.Contains("GetItem: [GET] http://localhost:7071/api/items/{id:int}", banner, StringComparison.Ordinal);
        Assert.Contains("AnyMethod: [any method] http://localhost:7071/api/AnyMethod", banner, StringComparison.Ordinal);
        Assert.Contains("Sweep: timerTrigger 0 */5 * * * * (UTC), next 2030-01-01T00:05:00Z", banner, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{area:regex(^admin$)}/trainings/{trainingId}", "admin/trainings/{trainingId}")]
    [InlineData("items/{id:int}", "items/{id:int}")]
    [InlineData("{area:regex(^(admin|ops)$)}/x", "{area:regex(^(admin|ops)$)}/x")]
    public void The_banner_shows_a_parameter_that_matches_one_literal_as_that_literal(string template, string shown) =>
        Assert.Equal(shown, FunctionBanner.DisplayRoute(template));

    [Fact]
    public void The_banner_lists_Service_Bus_functions_with_their_queue_and_where_it_is()
    {
        var functions = HostedFunctions.Prepare(
            new LocalRuntimeOptions { FunctionAssemblies = [TestAssembly] },
            ["SbOrders", "SbSettle"],
            Configuration.With(
                ServiceBusTestFunctions.OrdersQueueSetting, "orders-local",
                "ServiceBusConnection", "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0"));
        var local = HostedFunctions.Prepare(
            new LocalRuntimeOptions { FunctionAssemblies = [TestAssembly] }, ["SbOrders"], Configuration.With(ServiceBusTestFunctions.OrdersQueueSetting, "orders-local"));

        var banner = FunctionBanner.Format("http://localhost:7071/", [], [], [.. functions.ServiceBus, .. local.ServiceBus], DateTimeOffset.UnixEpoch);

        Assert.Contains("SbOrders: serviceBusTrigger queue orders-local on contoso.servicebus.windows.net", banner, StringComparison.Ordinal);
        Assert.Contains("SbSettle: serviceBusTrigger queue settle on contoso.servicebus.windows.net", banner, StringComparison.Ordinal);
        Assert.Contains("SbOrders: serviceBusTrigger queue orders-local (in-process queue)", banner, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", banner, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_Bus_functions_on_sessions_or_on_a_topic_without_a_connection_are_listed_but_not_hosted()
    {
        var functions = HostedFunctions.Prepare(new LocalRuntimeOptions { FunctionAssemblies = [TestAssembly] }, ["SbSessions", "SbTopic"], Configuration.With());

        Assert.Empty(functions.ServiceBus);
        Assert.Equal(
            ["SbSessions (sessions and batches are not supported locally)", "SbTopic (a topic subscription needs a Service Bus connection ('ServiceBusConnection'))"],
            functions.NotHosted.Order());
    }

    [Fact]
    public async Task Every_return_shape_a_function_may_have_yields_its_result()
    {
        foreach (var method in typeof(ReturnShapes).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            var result = await ReturnValue.AwaiterFor(method.ReturnType)(method.Invoke(null, null));

            Assert.Equal(method.Name.EndsWith("Value", StringComparison.Ordinal) ? 42 : null, result);
        }
    }

    [Fact]
    public void The_trigger_is_the_functions_input_binding_named_as_in_function_json()
    {
        var timer = typeof(TimerTestFunctions).GetMethod(nameof(TimerTestFunctions.Sweep))!.GetParameters()[0];

        var binding = Assert.Single(new LocalFunctionDefinition("Sweep", timer, timer.GetCustomAttribute<TriggerBindingAttribute>()!).InputBindings);

        Assert.Equal("timer", binding.Key);
        Assert.Equal("timerTrigger", binding.Value.Type);
    }

    private static class ReturnShapes
    {
        public static void Nothing()
        {
        }

        public static object PlainValue() => 42;

        public static async Task AsyncTask() => await Task.Yield();

        public static async Task<object> AsyncTaskValue()
        {
            await Task.Yield();
            return 42;
        }

        public static async ValueTask AsyncValueTask() => await Task.Yield();

        public static async ValueTask<int> AsyncValueTaskValue()
        {
            await Task.Yield();
            return 42;
        }
    }
}
