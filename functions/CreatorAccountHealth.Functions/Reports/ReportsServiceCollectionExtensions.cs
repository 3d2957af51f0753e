using CreatorAccountHealth.Functions.Reports.Rendering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>
    /// Weekly reports: settings (validated at start-up), the activity index, the report store, the renderer, the run
    /// starter and the per-creator pipeline. Relies on the app's Cosmos containers, queue sender, SendGrid sender and rules.
    /// </summary>
    public static IServiceCollection AddWeeklyReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>()
            .Bind(configuration.GetSection(ReportOptions.SectionName))
            .Configure(o => o.BindFlatSettings(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReportOptions>>().Value;
            return ReportSchedule.TryCreate(options.Schedule, options.ScheduleTimeZone, out var problem)
                ?? throw new OptionsValidationException(ReportOptions.ScheduleSetting, typeof(ReportOptions), [problem!]);
        });

        services.AddSingleton<ReportActivityIndex>();
        services.AddSingleton<ReportStore>();

        // Parsed here, once: a template that doesn't parse stops the app at start-up.
        services.TryAddSingleton(new WeeklyReportRenderer());
        services.AddSingleton<ReportEmailer>();
        services.AddSingleton<WeeklyReportProducer>();
        services.AddSingleton<WeeklyReportRuns>();
        return services;
    }

    /// <summary>Lists every problem at once, each naming its setting.</summary>
    private sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
    {
        public ValidateOptionsResult Validate(string? name, ReportOptions options)
        {
            var problems = new List<string>();
            if (string.IsNullOrWhiteSpace(options.QueueName))
            {
                problems.Add($"{ReportOptions.QueueNameSetting} must name the weekly report queue.");
            }

            if (string.IsNullOrWhiteSpace(options.Schedule))
            {
                problems.Add($"{ReportOptions.ScheduleSetting} must hold the weekly report timer's schedule (e.g. {ReportOptions.DefaultSchedule}).");
            }
            else if (ReportSchedule.TryCreate(options.Schedule, options.ScheduleTimeZone, out var problem) is null)
            {
                problems.Add(problem!);
            }

            if (options.RetentionDays is < 1 or > 3650)
            {
                problems.Add("Reports__RetentionDays must be from 1 to 3650.");
            }

            if (options.CreatorsPerMessage is < 1 or > 1000)
            {
                problems.Add("Reports__CreatorsPerMessage must be from 1 to 1000.");
            }

            if (options.PageTimeBudget <= TimeSpan.Zero || options.PageTimeBudget > ReportOptions.MaxPageTimeBudget)
            {
                problems.Add($"Reports__PageTimeBudget must be more than zero and at most {ReportOptions.MaxPageTimeBudget} (host.json renews a page's lock for 15 minutes).");
            }

            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
