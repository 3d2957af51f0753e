using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Messaging;

public static class QueueSenderServiceCollectionExtensions
{
    /// <summary>
    /// The app's <see cref="IQueueSender"/>: Service Bus when <c>ServiceBusConnection</c> (or its
    /// <c>__fullyQualifiedNamespace</c>) is set, unless the host already registered a sender (the local runtime's
    /// in-process queue, a test's). With neither, the app fails at start-up saying which setting is missing.
    /// </summary>
    public static IServiceCollection AddQueueSender(this IServiceCollection services, IConfiguration configuration)
    {
        if (ServiceBusConnectionOptions.Read(configuration).IsConfigured)
        {
            services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<ServiceBusConnectionOptions>>().Value.CreateClient());
            services.TryAddSingleton(TimeProvider.System);
            services.TryAddSingleton<ServiceBusQueueSender>();
            services.TryAddSingleton<IQueueSender>(sp => sp.GetRequiredService<ServiceBusQueueSender>());
            services.TryAddSingleton<IDeadLetterRedrive>(sp => sp.GetRequiredService<ServiceBusQueueSender>());
        }

        services.AddOptions<ServiceBusConnectionOptions>()
            .Configure(o => o.BindConnection(configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ServiceBusConnectionOptions>, ConnectionValidator>());
        return services;
    }

    /// <summary>
    /// Checked at start, once every registration is in, so it does not matter whether the host registered its own
    /// sender before or after the app's registrations.
    /// </summary>
    private sealed class ConnectionValidator(IServiceProviderIsService registered) : IValidateOptions<ServiceBusConnectionOptions>
    {
        public ValidateOptionsResult Validate(string? name, ServiceBusConnectionOptions options)
        {
            if (!options.IsConfigured)
            {
                return registered.IsService(typeof(IQueueSender))
                    ? ValidateOptionsResult.Success
                    : ValidateOptionsResult.Fail(
                        $"Set '{ServiceBusConnectionOptions.ConnectionName}' (a Service Bus connection string) or "
                        + $"'{ServiceBusConnectionOptions.ConnectionName}__fullyQualifiedNamespace' (managed identity).");
            }

            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
