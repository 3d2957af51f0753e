using Cronos;
using Microsoft.Extensions.Configuration;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// Workshop settings: section <c>Trainings</c>, and the flat <c>TrainingEmailsQueueName</c> and
/// <c>TrainingEmailsRepublishSchedule</c> (flat because triggers read them as <c>%TrainingEmailsQueueName%</c> and
/// <c>%TrainingEmailsRepublishSchedule%</c>, and the host can't resolve <c>%A__B%</c>).
/// </summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Trainings";

    /// <summary>The setting naming the queue training emails travel on.</summary>
    public const string QueueNameSetting = "TrainingEmailsQueueName";

    /// <summary>The setting holding the NCRONTAB schedule of <see cref="RepublishTrainingEmailsFunction"/>.</summary>
    public const string RepublishScheduleSetting = "TrainingEmailsRepublishSchedule";

    /// <summary><c>Trainings__RegistrationClosesHoursBeforeStart</c>: registration closes exactly this many hours before the start.</summary>
    public int RegistrationClosesHoursBeforeStart { get; set; } = 48;

    /// <summary>The queue (<c>TrainingEmailsQueueName</c>).</summary>
    public string QueueName { get; set; } = "";

    /// <summary>The pending-email timer's schedule (<c>TrainingEmailsRepublishSchedule</c>).</summary>
    public string RepublishSchedule { get; set; } = "";

    public Duration RegistrationClosesBefore => Duration.FromHours(RegistrationClosesHoursBeforeStart);

    public void BindFlatSettings(IConfiguration configuration)
    {
        QueueName = configuration[QueueNameSetting] ?? "";
        RepublishSchedule = configuration[RepublishScheduleSetting] ?? "";
    }

    /// <summary>Whether the host will read the schedule: six-field NCRONTAB, or five fields.</summary>
    public bool HasValidRepublishSchedule =>
        CronExpression.TryParse(RepublishSchedule, CronFormat.IncludeSeconds, out _) || CronExpression.TryParse(RepublishSchedule, CronFormat.Standard, out _);
}
