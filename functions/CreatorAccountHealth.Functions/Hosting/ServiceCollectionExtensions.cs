using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Account;
using CreatorAccountHealth.Functions.Accounts;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Erasure;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Health;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Policies;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>ASP.NET Core's "Request starting GET …?query" lines.</summary>
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Everything the function classes need. Shared by the Functions host (Program.cs) and the local runtime, so
    /// both run the same code with the same settings.
    /// </summary>
    public static IServiceCollection AddCreatorAccountHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddAppTelemetry(configuration);

        // ASP.NET Core's "Request starting GET http://…?token=…" lines print whole URLs, and links from emails carry their
        // token in the query (/api/account/enter, /api/email/unsubscribe): the worker never logs them, even when
        // Logging__LogLevel__Microsoft.AspNetCore turns the rest of ASP.NET Core's logs on (the longer category wins); the
        // local runtime keeps them off for any app it hosts (LocalRuntimeHost). Spans are redacted (LinkTokenRedaction).
        services.AddLogging(logging => logging.AddFilter(RequestLogCategory, LogLevel.Warning));

        services.AddOptions<WebhookOptions>()
            .Bind(configuration.GetSection(WebhookOptions.SectionName))
            .Validate(o => o.Secrets.Count > 0, "Webhook__SigningSecrets must list at least one signing secret.")
            .Validate(
                o => !KeyVaultReferences.IsUnresolved(o.SigningSecrets),
                "Webhook__SigningSecrets is an unresolved Key Vault reference: the app would accept webhooks signed with the reference text. Check the app's Key Vault access.")
            .Validate(o => o.ToleranceSeconds is > 0 and <= 3600, "Webhook__ToleranceSeconds must be from 1 to 3600.")
            .ValidateOnStart();

        services.AddOptions<CosmosOptions>()
            .Bind(configuration.GetSection(CosmosOptions.SectionName))
            .Configure(o => o.BindConnection(configuration))
            .Validate(o => !string.IsNullOrWhiteSpace(o.DatabaseName), "CosmosDb__DatabaseName must not be empty.")
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.ConnectionString) || !string.IsNullOrWhiteSpace(o.AccountEndpoint),
                $"Set {CosmosOptions.ConnectionName} (a connection string) or {CosmosOptions.ConnectionName}__accountEndpoint (managed identity).")
            .ValidateOnStart();

        services.AddOptions<StandingOptions>()
            .Bind(configuration.GetSection(StandingOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StandingOptions>, StandingOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StandingOptions>>().Value.ToRules());

        services.AddOptions<PolicyCatalogOptions>().Bind(configuration.GetSection(PolicyCatalogOptions.SectionName));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PolicyCatalogOptions>>().Value.Load());

        services.AddOptions<EventsOptions>()
            .Bind(configuration.GetSection(EventsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>();

        services.AddSingleton<CosmosContainers>();
        services.AddSingleton<ICreatorStore, CosmosCreatorStore>();
        services.AddSingleton<AccountRecorder>();
        if (configuration.GetValue<bool>($"{CosmosOptions.SectionName}:{nameof(CosmosOptions.CreateIfMissing)}"))
        {
            services.AddHostedService<CosmosBootstrap>();
        }

        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.SectionName))
            .Configure(o => o.BindFlatSettings(configuration))
            .Validate(o => !string.IsNullOrWhiteSpace(o.QueueName), $"{AlertOptions.QueueNameSetting} must name the alert queue.")
            .Validate(_ => !string.IsNullOrWhiteSpace(configuration[AlertOptions.RepublishScheduleSetting]), $"{AlertOptions.RepublishScheduleSetting} must hold the republish timer's schedule (e.g. 0 */1 * * * *).")
            .Validate(o => o.ApproachWithinPoints >= 0, "Alerts__ApproachWithinPoints must not be negative.")
            .ValidateOnStart();
        services.AddSingleton<AlertStore>();
        services.AddSingleton<MilestoneAlertService>();
        services.AddQueueSender(configuration);
        services.AddAlertEmails(configuration);
        services.AddNotifications(configuration);
        services.AddWeeklyReports(configuration);
        services.AddTrainingEmails(configuration);
        services.AddTrainings(configuration);
        services.AddQuizzes(configuration);
        services.AddAccountLinks(configuration);

        services.AddSingleton<ErasureStore>();
        services.AddSingleton<CreatorErasure>();

        // The creator's Account Standing page: templates parsed here, once (a broken one stops the app at start-up).
        services.AddSingleton(new AccountPageRenderer());
        services.AddSingleton<AccountPage>();
        services.AddHttpPipeline(configuration);
        services.AddSingleton<WebhookSignatureVerifier>();
        services.AddSingleton<PlatformEventParser>();

        services.AddHealthChecks().AddCheck<CosmosHealthCheck>("cosmos");
        services.AddHostedService<StartupValidation>();
        return services;
    }

    private sealed class EventsOptionsValidator(IOptions<StandingOptions> standing) : IValidateOptions<EventsOptions>
    {
        public ValidateOptionsResult Validate(string? name, EventsOptions options)
        {
            StandingRules rules;
            try
            {
                rules = standing.Value.ToRules();
            }
            catch (OptionsValidationException)
            {
                return ValidateOptionsResult.Skip; // invalid standing rules are reported by their own validator
            }

            var problems = options.Problems(rules).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private sealed class StandingOptionsValidator : IValidateOptions<StandingOptions>
    {
        public ValidateOptionsResult Validate(string? name, StandingOptions options)
        {
            var problems = options.Problems().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
