using Microsoft.Extensions.Configuration;

namespace CreatorAccountHealth.Functions.Alerts;

/// <summary>
/// Alert settings. The two that triggers also read as binding expressions have flat names (<c>AlertsQueueName</c>,
/// <c>AlertsRepublishSchedule</c>): the Functions host cannot resolve <c>%A__B%</c> expressions
/// (azure-functions-host#10246). The rest live in section <c>Alerts</c>.
/// </summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>The setting naming the alert queue, used by the sender and by the trigger as <c>%AlertsQueueName%</c>.</summary>
    public const string QueueNameSetting = "AlertsQueueName";

    /// <summary>The setting holding the republish timer's NCRONTAB schedule, read by the trigger as <c>%AlertsRepublishSchedule%</c>.</summary>
    public const string RepublishScheduleSetting = "AlertsRepublishSchedule";

    /// <summary>The Service Bus queue alert messages travel on (<c>AlertsQueueName</c>).</summary>
    public string QueueName { get; set; } = "";

    /// <summary><c>Alerts__ApproachWithinPoints</c>: an "approaching" alert goes out this many points or fewer from the next milestone.</summary>
    public int ApproachWithinPoints { get; set; } = 2;

    public void BindFlatSettings(IConfiguration configuration) => QueueName = configuration[QueueNameSetting] ?? "";
}
