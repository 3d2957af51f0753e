using Microsoft.Extensions.Configuration;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>
/// Workshop settings: section <c>Trainings</c>, and the flat <c>TrainingEmailsQueueName</c> (flat because the email
/// sender's trigger reads it as <c>%TrainingEmailsQueueName%</c>, and the host can't resolve <c>%A__B%</c>).
/// </summary>
public sealed class TrainingOptions
{
    public const string SectionName = "Trainings";

    /// <summary>The setting naming the queue training emails travel on.</summary>
    public const string QueueNameSetting = "TrainingEmailsQueueName";

    /// <summary><c>Trainings__RegistrationClosesHoursBeforeStart</c>: registration closes exactly this many hours before the start.</summary>
    public int RegistrationClosesHoursBeforeStart { get; set; } = 48;

    /// <summary>The queue (<c>TrainingEmailsQueueName</c>).</summary>
    public string QueueName { get; set; } = "";

    public Duration RegistrationClosesBefore => Duration.FromHours(RegistrationClosesHoursBeforeStart);

    public void BindFlatSettings(IConfiguration configuration) => QueueName = configuration[QueueNameSetting] ?? "";
}
