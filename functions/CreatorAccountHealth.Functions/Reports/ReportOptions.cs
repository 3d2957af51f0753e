using Microsoft.Extensions.Configuration;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// Weekly report settings. The two that triggers read as binding expressions have flat names (<c>ReportsQueueName</c>,
/// <c>ReportsSchedule</c>): the Functions host cannot resolve <c>%A__B%</c> expressions (azure-functions-host#10246).
/// The rest live in section <c>Reports</c>.
/// </summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>The setting naming the report work queue, used by the sender and by the trigger as <c>%ReportsQueueName%</c>.</summary>
    public const string QueueNameSetting = "ReportsQueueName";

    /// <summary>The setting holding the weekly timer's NCRONTAB schedule, read by the trigger as <c>%ReportsSchedule%</c>.</summary>
    public const string ScheduleSetting = "ReportsSchedule";

    /// <summary>Mondays 06:00 (UTC unless WEBSITE_TIME_ZONE says otherwise): what the sample settings and infra set.</summary>
    public const string DefaultSchedule = "0 0 6 * * 1";

    /// <summary>The Service Bus queue shard messages travel on (<c>ReportsQueueName</c>).</summary>
    public string QueueName { get; set; } = "";

    /// <summary>The timer's schedule (<c>ReportsSchedule</c>), which also tells the timer which cutoff it is running.</summary>
    public string Schedule { get; set; } = "";

    /// <summary>
    /// The zone the Functions host evaluates the schedule in: <c>WEBSITE_TIME_ZONE</c> (or <c>TZ</c>), UTC when neither is
    /// set, as the host and the local runtime do.
    /// </summary>
    public string? ScheduleTimeZone { get; set; }

    /// <summary><c>Reports__RetentionDays</c>: how long a stored report lives (its Cosmos DB <c>ttl</c>).</summary>
    public int RetentionDays { get; set; } = 400;

    /// <summary>
    /// <c>Reports__CreatorsPerMessage</c>: how many creators one shard message handles before the next page goes on the
    /// queue. Bounds a message's run time (well inside the Service Bus lock and the function timeout) and what a retry redoes.
    /// </summary>
    public int CreatorsPerMessage { get; set; } = 100;

    /// <summary>
    /// <c>Reports__PageTimeBudget</c>: how long one message works through its page before queuing the unfinished rest as
    /// its own message. Kept well inside host.json's <c>maxAutoLockRenewalDuration</c>, so a page never outlives its lock.
    /// </summary>
    public TimeSpan PageTimeBudget { get; set; } = DefaultPageTimeBudget;

    public static readonly TimeSpan DefaultPageTimeBudget = TimeSpan.FromMinutes(3);

    /// <summary>The most <c>Reports__PageTimeBudget</c> may be: host.json's lock renewal covers this plus one send.</summary>
    public static readonly TimeSpan MaxPageTimeBudget = TimeSpan.FromMinutes(5);

    public void BindFlatSettings(IConfiguration configuration)
    {
        QueueName = configuration[QueueNameSetting] ?? "";
        Schedule = configuration[ScheduleSetting] ?? "";
        ScheduleTimeZone = NonEmpty(configuration["WEBSITE_TIME_ZONE"]) ?? NonEmpty(configuration["TZ"]);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
