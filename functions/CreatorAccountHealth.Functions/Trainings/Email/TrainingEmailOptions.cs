namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>
/// Training email settings. The queue's setting is flat (<c>TrainingEmailsQueueName</c>) because the trigger reads it as
/// <c>%TrainingEmailsQueueName%</c> and the Functions host cannot resolve <c>%A__B%</c> expressions.
/// </summary>
public sealed class TrainingEmailOptions
{
    /// <summary>The setting naming the training email queue, also the trigger's <c>%TrainingEmailsQueueName%</c>.</summary>
    public const string QueueNameSetting = "TrainingEmailsQueueName";

    /// <summary>The Service Bus queue training email messages travel on.</summary>
    public string QueueName { get; set; } = "";
}
