using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Links;

public static class LinksServiceCollectionExtensions
{
    /// <summary>
    /// Signed account and unsubscribe links (<see cref="AccountLinks"/>) and the creator's email choices
    /// (<see cref="EmailPreferencesService"/>). <c>App__PublicBaseUrl</c> and <c>AccountLinks__*</c> are validated at start-up.
    /// </summary>
    public static IServiceCollection AddAccountLinks(this IServiceCollection services, IConfiguration configuration)
    {
        var production = string.Equals(configuration["AZURE_FUNCTIONS_ENVIRONMENT"], "Production", StringComparison.OrdinalIgnoreCase);
        services.AddOptions<AppOptions>()
            .Bind(configuration.GetSection(AppOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppOptions>>(new AppOptions.Validator(production));
        services.AddOptions<AccountLinkOptions>()
            .Bind(configuration.GetSection(AccountLinkOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccountLinkOptions>>(new AccountLinkOptions.Validator(production));
        services.AddOptions<AppealOptions>()
            .Bind(configuration.GetSection(AppealOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppealOptions>>(new AppealOptions.Validator(production));
        services.AddSingleton<AccountLinks>();
        services.AddSingleton<EmailLinkFactory>();
        services.AddSingleton<EmailPreferencesService>();
        return services;
    }
}
