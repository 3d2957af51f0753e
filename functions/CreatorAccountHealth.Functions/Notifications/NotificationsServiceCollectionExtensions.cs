using CreatorAccountHealth.Functions.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// The notifications module: the ledger, the one "send this email once" use case, the email channel's health, and how
    /// email messages back off. Relies on the SendGrid sender, the queue sender, the Cosmos containers and the creator store.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NotificationOptions>()
            .Bind(configuration.GetSection(NotificationOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();

        services.AddSingleton<NotificationLedger>();
        services.AddSingleton<EmailRecipients>();
        services.AddSingleton<EmailChannelHealth>();
        services.AddSingleton<EmailDelivery>();
        services.AddSingleton<MessageRescheduler>();
        services.AddSingleton<EmailMessageSettlement>();
        services.AddHealthChecks().AddCheck<EmailChannelHealthCheck>("email");
        return services;
    }
}
