using CreatorAccountHealth.LocalRuntime.Invocation;
using CreatorAccountHealth.LocalRuntime.Settings;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.Timers;

/// <summary>A timer-triggered function with its schedule resolved from app settings and parsed.</summary>
internal sealed record TimerFunction(LocalFunction Function, string Expression, TimerSchedule Schedule, bool RunOnStartup)
{
    public string Name => Function.Name;

    /// <summary>
    /// Resolves <c>%Setting%</c> references in the schedule (a <c>__</c> in the name nests, as usual) and parses
    /// it. A missing setting or an invalid schedule stops start-up here, naming the function and the setting.
    /// </summary>
    public static TimerFunction Create(LocalFunction function, IConfiguration configuration, TimeZoneInfo zone)
    {
        var trigger = (TimerTriggerAttribute)function.Trigger;
        var declared = trigger.Schedule ?? string.Empty;
        var expression = AppSettingReferences.Resolve(
            declared,
            configuration,
            setting => $"Function '{function.Name}': its timer schedule '{declared}' refers to app setting '{setting}', which is not set.");

        var schedule = TimerSchedule.Parse(expression, zone) ?? throw new LocalRuntimeConfigurationException(
            $"Function '{function.Name}': timer schedule '{expression}'{(declared == expression ? string.Empty : $" (from {declared})")} is invalid. "
            + "Use an NCRONTAB expression '{second} {minute} {hour} {day} {month} {day-of-week}' such as '0 */5 * * * *', or a TimeSpan such as '00:05:00'.");
        return new TimerFunction(function, expression, schedule, trigger.RunOnStartup);
    }
}
