using CreatorAccountHealth.LocalRuntime.Discovery;
using CreatorAccountHealth.LocalRuntime.Http;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Settings;
using CreatorAccountHealth.LocalRuntime.Timers;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime;

/// <summary>
/// The functions one run hosts, by trigger: HTTP ones with their routes, timer ones with their resolved schedules,
/// Service Bus ones with their queues and connections.
/// </summary>
internal sealed record HostedFunctions(
    IReadOnlyList<HttpFunction> Http,
    IReadOnlyList<TimerFunction> Timers,
    IReadOnlyList<ServiceBusFunction> ServiceBus,
    IReadOnlyList<string> NotHosted)
{
    public static HostedFunctions Prepare(LocalRuntimeOptions options, IReadOnlyCollection<string>? names, IConfiguration configuration)
    {
        var catalog = FunctionDiscovery.Discover(options.FunctionAssemblies, names);
        var routePrefix = HostJson.ReadRoutePrefix(options.HostJsonPath ?? HostJson.Locate(options.FunctionAssemblies));
        var http = catalog.Hosted
            .Where(f => f.Trigger is HttpTriggerAttribute)
            .Select(f => HttpFunction.Create(f, routePrefix))
            .ToList();

        var timerFunctions = catalog.Hosted.Where(f => f.Trigger is TimerTriggerAttribute).ToList();

        // Only timers need the zone: a TZ the machine does not know must not stop an app without them.
        var zone = timerFunctions.Count == 0 ? TimeZoneInfo.Utc : TimerSchedule.TimeZoneFrom(configuration);
        var timers = timerFunctions.Select(f => TimerFunction.Create(f, configuration, zone)).ToList();

        var serviceBus = new List<ServiceBusFunction>();
        var notHosted = catalog.NotHosted.ToList();
        foreach (var function in catalog.Hosted.Where(f => f.Trigger is ServiceBusTriggerAttribute))
        {
            var (hosted, whyNot) = ServiceBusFunction.Create(function, configuration);
            if (hosted is not null)
            {
                serviceBus.Add(hosted);
            }
            else
            {
                notHosted.Add($"{function.Name} ({whyNot})");
            }
        }

        return new HostedFunctions(http, timers, serviceBus, notHosted);
    }
}
