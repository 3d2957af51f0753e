using CreatorAccountHealth.Functions.Email;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Trainings.Email;

public static class TrainingEmailServiceCollectionExtensions
{
    /// <summary>
    /// Training emails: the templates (sent once through the notifications module). The queue setting is validated with the other workshop
    /// settings (<see cref="TrainingsServiceCollectionExtensions.AddTrainings"/>). Relies on the app's SendGrid sender (<see cref="EmailServiceCollectionExtensions.AddAlertEmails"/>), Cosmos containers and creator store.
    /// </summary>
    public static IServiceCollection AddTrainingEmails(this IServiceCollection services, IConfiguration configuration)
    {
        // Parsed here, once: a template that doesn't parse stops the app at start-up.
        services.AddSingleton(new TrainingEmailRenderer());
        return services;
    }
}
