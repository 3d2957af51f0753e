using CreatorAccountHealth.Functions.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Trainings.Email;

public static class TrainingEmailServiceCollectionExtensions
{
    /// <summary>
    /// Training emails: the queue setting (validated at start-up), the templates and the delivery log. Relies on the
    /// app's SendGrid sender (<see cref="EmailServiceCollectionExtensions.AddAlertEmails"/>), Cosmos containers and creator store.
    /// </summary>
    public static IServiceCollection AddTrainingEmails(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrainingEmailOptions>()
            .Configure(o => o.QueueName = configuration[TrainingEmailOptions.QueueNameSetting] ?? "")
            .Validate(o => !string.IsNullOrWhiteSpace(o.QueueName), $"{TrainingEmailOptions.QueueNameSetting} must name the training email queue.")
            .ValidateOnStart();

        // Parsed here, once: a template that doesn't parse stops the app at start-up.
        services.AddSingleton(new TrainingEmailRenderer());
        services.AddSingleton<TrainingEmailLog>();
        return services;
    }
}
