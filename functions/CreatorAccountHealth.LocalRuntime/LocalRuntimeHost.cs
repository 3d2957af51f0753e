using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.LocalRuntime.Http;
using CreatorAccountHealth.LocalRuntime.Invocation;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using CreatorAccountHealth.LocalRuntime.Settings;
using CreatorAccountHealth.LocalRuntime.Timers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.LocalRuntime;

/// <summary>
/// Hosts the function app on Kestrel the way <c>func start</c> would: app settings from local.settings.json, HTTP
/// functions at their routes, timer functions on their schedules, Service Bus functions on their queues (a namespace
/// when their connection is set, else the in-process queue), the app's own service registrations.
/// Program.cs runs it; tests build it in-process with <see cref="Create"/>.
/// </summary>
public static class LocalRuntimeHost
{
    public const int DefaultPort = 7071;

    /// <summary>Runs until Ctrl+C (or SIGTERM). Returns 1, with the reason on stderr, when it cannot start.</summary>
    public static async Task<int> RunAsync(string[] args, LocalRuntimeOptions? options = null)
    {
        WebApplication app;
        try
        {
            app = Create(args, options);
        }
        catch (LocalRuntimeConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (Exception e)
            {
                // The host has logged it in full; this is the one line to act on.
                await Console.Error.WriteLineAsync($"The local runtime could not start: {e.Message}");
                return 1;
            }

            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>
    /// Builds the runtime, ready to start. Throws <see cref="LocalRuntimeConfigurationException"/> for bad arguments,
    /// settings, routes or timer schedules. Started with <c>--urls http://127.0.0.1:0</c> it listens on a free port,
    /// and <c>app.Urls</c> then holds the bound address.
    /// </summary>
    public static WebApplication Create(string[] args, LocalRuntimeOptions? options = null)
    {
        options ??= new LocalRuntimeOptions();
        var arguments = RuntimeArguments.Parse(args);
        var settings = LocalSettings.Load(arguments.SettingsPath ?? options.SettingsPath ?? LocalSettings.DefaultPath());
        if (options.ExportSettingsToEnvironment)
        {
            settings.ExportToEnvironment();
        }

        var builder = CreateBuilder(arguments, settings);
        var functions = HostedFunctions.Prepare(options, arguments.Functions ?? options.FunctionNames, builder.Configuration);

        AddServiceBus(builder, functions.ServiceBus);
        options.ConfigureServices(builder.Services, builder.Configuration);

        // MVC results (ObjectResult, ContentResult, ...) need their executors, as under the Functions ASP.NET Core integration.
        builder.Services.AddMvcCore();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<FunctionExecutor>(services, options.Middleware));
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<TimerScheduler>(services, functions.Timers));
        if (!string.IsNullOrWhiteSpace(settings.Cors))
        {
            builder.Services.AddCors();
        }

        var app = builder.Build();
        if (!string.IsNullOrWhiteSpace(settings.Cors))
        {
            UseCors(app, settings.Cors);
        }

        HttpFunctionEndpoints.Map(app, functions.Http);
        ReportAtStartup(app, settings, functions);
        return app;
    }

    /// <summary>
    /// The in-process queue, and the listeners of the Service Bus functions. Without a <c>ServiceBusConnection</c> the
    /// in-process queue is also the app's <see cref="IQueueSender"/>: registered before the app's own registrations,
    /// which add a Service Bus sender only when that connection is set.
    /// </summary>
    private static void AddServiceBus(WebApplicationBuilder builder, IReadOnlyList<ServiceBusFunction> functions)
    {
        builder.Services.AddSingleton(Options.Create(LocalServiceBusOptions.Read(builder.Configuration)));
        builder.Services.AddSingleton<InProcessQueue>();
        if (!ServiceBusConnectionOptions.Read(builder.Configuration).IsConfigured)
        {
            builder.Services.AddSingleton<IQueueSender>(services => services.GetRequiredService<InProcessQueue>());
            builder.Services.AddSingleton<IDeadLetterRedrive>(services => services.GetRequiredService<InProcessQueue>());
        }

        builder.Services.AddSingleton<ServiceBusFunctionInvoker>();
        var inProcess = functions.Where(f => f.UsesInProcessQueue).ToList();
        if (inProcess.Count > 0)
        {
            builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<InProcessQueueListener>(services, inProcess));
        }

        var onServiceBus = functions.Where(f => !f.UsesInProcessQueue).ToList();
        if (onServiceBus.Count > 0)
        {
            builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<ServiceBusProcessorHost>(services, onServiceBus));
        }
    }

    private static WebApplicationBuilder CreateBuilder(RuntimeArguments arguments, LocalSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = arguments.Remaining,
            ApplicationName = typeof(LocalRuntimeHost).Assembly.GetName().Name,

            // Core Tools runs the app as Development unless AZURE_FUNCTIONS_ENVIRONMENT says otherwise.
            EnvironmentName = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") ?? Environments.Development,
        });

        // As with Core Tools, environment variables (then the command line) win over local.settings.json, which wins
        // over our defaults: function logs but not ASP.NET Core's per-request ones (Logging__LogLevel__... brings them back).
        builder.Configuration
            .AddInMemoryCollection([KeyValuePair.Create<string, string?>("Logging:LogLevel:Microsoft.AspNetCore", nameof(LogLevel.Warning))])
            .AddInMemoryCollection(settings.ToConfiguration())
            .AddEnvironmentVariables()
            .AddCommandLine(arguments.Remaining);

        // ASP.NET Core's "Request starting GET http://…?token=…" lines print whole URLs, and links from emails carry their
        // token in the query: the same rule as the worker's keeps them off for any app this runtime hosts.
        builder.Services.AddRequestLinePrivacy();

        // --urls and ASPNETCORE_URLS win over --port, which wins over Host.LocalHttpPort.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://localhost:{arguments.Port ?? settings.LocalHttpPort ?? DefaultPort}");
        }

        return builder;
    }

    /// <summary>Host.CORS of local.settings.json: "*" or a comma-separated list of origins.</summary>
    private static void UseCors(WebApplication app, string origins) =>
        app.UseCors(policy =>
        {
            if (origins.Trim() == "*")
            {
                policy.AllowAnyOrigin();
            }
            else
            {
                policy.WithOrigins(origins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            }

            policy.AllowAnyMethod().AllowAnyHeader();
        });

    private static void ReportAtStartup(WebApplication app, LocalSettings settings, HostedFunctions functions)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalRuntimeHost).Namespace!);
        switch (settings.Origin)
        {
            case SettingsOrigin.CreatedFromSample:
                logger.LogInformation(
                    "Created {SettingsPath} from {SampleFileName}: edit it for this machine (it is not committed).", settings.FilePath, LocalSettings.SampleFileName);
                break;
            case SettingsOrigin.Missing:
                logger.LogWarning(
                    "There is no {SettingsPath} and no {SampleFileName} beside it: app settings come from environment variables only.",
                    settings.FilePath, LocalSettings.SampleFileName);
                break;
            default:
                logger.LogInformation("App settings from {SettingsPath}; environment variables win over it.", settings.FilePath);
                break;
        }

        if (functions.NotHosted.Count > 0)
        {
            logger.LogWarning("Not hosted locally, their trigger is not supported: {Functions}.", string.Join(", ", functions.NotHosted));
        }

        if (functions.Http.Count > 0)
        {
            logger.LogInformation("Function keys are not checked locally (as with Core Tools); bearer tokens are, by the app's own HTTP pipeline.");
        }

        var time = app.Services.GetRequiredService<TimeProvider>();
        app.Lifetime.ApplicationStarted.Register(() =>
            logger.LogInformation("{Banner}", FunctionBanner.Format(
                app.Urls.FirstOrDefault() ?? string.Empty, functions.Http, functions.Timers, functions.ServiceBus, time.GetUtcNow())));
    }
}
