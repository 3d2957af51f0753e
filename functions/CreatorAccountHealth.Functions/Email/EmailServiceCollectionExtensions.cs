using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SendGrid;

namespace CreatorAccountHealth.Functions.Email;

public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// The alert email pipeline: SendGrid settings (validated at start-up), one SendGrid client, the templates and the
    /// sender. Emails are sent once through the notifications module (<see cref="Notifications.EmailDelivery"/>).
    /// </summary>
    public static IServiceCollection AddAlertEmails(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<SendGridOptions>()
            .Bind(configuration.GetSection(SendGridOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SendGridOptions>, SendGridOptionsValidator>();

        services.AddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<SendGridOptions>>().Value));

        // Parsed here, once: a template that doesn't parse stops the app at start-up.
        services.AddSingleton(new AlertEmailRenderer());
        services.AddSingleton<SendGridEmailSender>();
        return services;
    }

    private static SendGridClient CreateClient(SendGridOptions settings)
    {
        var options = new SendGridClientOptions { ApiKey = settings.ApiKey, HttpErrorAsException = false };
        if (!string.IsNullOrWhiteSpace(settings.Host))
        {
            options.Host = settings.Host;
        }

        // Our own HttpClient keeps SendGrid's retry handler out of the chain (SendGridRetry does retries) and recycles
        // pooled connections, so a long-lived singleton still follows DNS changes.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        return new SendGridClient(http, options);
    }
}
