using System.Reflection;
using CreatorAccountHealth.Functions.Hosting;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace CreatorAccountHealth.LocalRuntime;

/// <summary>What <see cref="LocalRuntimeHost"/> hosts and how. The defaults run the real function app.</summary>
public sealed class LocalRuntimeOptions
{
    /// <summary>Assemblies scanned for <c>[Function]</c> methods.</summary>
    public IReadOnlyList<Assembly> FunctionAssemblies { get; init; } = [typeof(Functions.Hosting.ServiceCollectionExtensions).Assembly];

    /// <summary>Only these functions are hosted (like <c>func start --functions</c>); null hosts all. <c>--functions</c> wins.</summary>
    public IReadOnlyCollection<string>? FunctionNames { get; init; }

    /// <summary>The app's service registrations: the same call the Functions host makes in Program.cs.</summary>
    public Action<IServiceCollection, IConfiguration> ConfigureServices { get; init; } =
        static (services, configuration) => services.AddCreatorAccountHealth(configuration);

    /// <summary>
    /// The worker middleware every invocation runs through: the same <see cref="WorkerPipeline.Compose"/> Program.cs gives
    /// the Functions worker, so the caller gate and the 503s behave locally as in Azure.
    /// </summary>
    public Func<FunctionExecutionDelegate, FunctionExecutionDelegate> Middleware { get; init; } = WorkerPipeline.Compose;

    /// <summary>The local.settings.json to read; null means the repository root's. <c>--settings</c> wins.</summary>
    public string? SettingsPath { get; init; }

    /// <summary>The host.json to read the route prefix from; null means the one next to the first function assembly, else the repository root's.</summary>
    public string? HostJsonPath { get; init; }

    /// <summary>
    /// Also set each settings value as a process environment variable when not already set, as Core Tools does for
    /// libraries that read the environment directly. Turn off when several runtimes share one process (tests).
    /// </summary>
    public bool ExportSettingsToEnvironment { get; init; } = true;
}
