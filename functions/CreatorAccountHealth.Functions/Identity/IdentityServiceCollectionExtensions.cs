using CreatorAccountHealth.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Identity;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>
    /// The caller gate and the HTTP pipeline that runs it: settings validated at start-up (a missing key source, a short
    /// secret, the public sample secret in Production each stop the app), the app's routes classified at start-up.
    /// </summary>
    public static IServiceCollection AddHttpPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CreatorAuthOptions>()
            .Bind(configuration.GetSection(CreatorAuthOptions.SectionName))
            .Configure(o => o.IsProduction = string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"], "Production", StringComparison.OrdinalIgnoreCase))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CreatorAuthOptions>, CreatorAuthOptions.Validator>();
        services.AddOptions<PageSessionOptions>()
            .Bind(configuration.GetSection(PageSessionOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PageSessionOptions>, PageSessionOptions.Validator>();
        services.AddSingleton<PageSessions>();
        services.AddSingleton<JwksSigningKeys>();
        services.AddSingleton<CallerGate>();
        services.AddSingleton(_ => HttpRoutes.Of(typeof(HttpPipeline).Assembly));
        services.AddSingleton<HttpPipeline>();
        return services;
    }
}
