using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Trainings;

public static class TrainingsServiceCollectionExtensions
{
    /// <summary>In-person workshops: settings (validated at start-up), the store, the email outbox (and its timer's schedule) and the invitation resolver.</summary>
    public static IServiceCollection AddTrainings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrainingOptions>()
            .Bind(configuration.GetSection(TrainingOptions.SectionName))
            .Configure(o => o.BindFlatSettings(configuration))
            .Validate(o => !string.IsNullOrWhiteSpace(o.QueueName), $"{TrainingOptions.QueueNameSetting} must name the training email queue.")
            .Validate(
                o => o.HasValidRepublishSchedule,
                $"{TrainingOptions.RepublishScheduleSetting} must hold the pending training email timer's NCRONTAB schedule (e.g. 0 */5 * * * *).")
            .Validate(o => o.RegistrationClosesHoursBeforeStart is >= 0 and <= 24 * 90, "Trainings__RegistrationClosesHoursBeforeStart must be from 0 to 2160.")
            .ValidateOnStart();
        services.AddSingleton<TrainingStore>();
        services.AddSingleton<TrainingEmailOutbox>();
        services.AddSingleton<TrainingInvitations>();
        services.AddSingleton<CreatorTrainings>();
        return services;
    }
}
