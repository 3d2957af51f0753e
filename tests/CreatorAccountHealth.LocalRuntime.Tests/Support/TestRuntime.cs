using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.LocalRuntime.Tests.Support;

/// <summary>
/// The local runtime hosting this test assembly's functions in-process on a free port, with its settings in a
/// temporary directory. No Cosmos DB: the services are the test functions' own.
/// </summary>
internal sealed class TestRuntime : IAsyncDisposable
{
    private readonly TempDirectory directory;

    private TestRuntime(WebApplication app, TempDirectory directory)
    {
        App = app;
        this.directory = directory;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static LocalRuntimeOptions Options(
        IReadOnlyCollection<string> functions,
        string settingsPath,
        Action<IServiceCollection>? services = null,
        string? hostJsonPath = null,
        bool exportSettingsToEnvironment = false,
        Func<FunctionExecutionDelegate, FunctionExecutionDelegate>? middleware = null) =>
        new()
        {
            FunctionAssemblies = [typeof(HttpTestFunctions).Assembly],
            FunctionNames = functions,
            SettingsPath = settingsPath,
            HostJsonPath = hostJsonPath,
            ExportSettingsToEnvironment = exportSettingsToEnvironment,

            // The test functions aren't the app's, so not the app's pipeline (its routes don't know them): none, unless a test brings one.
            Middleware = middleware ?? (next => next),
            ConfigureServices = (collection, _) =>
            {
                collection.AddScoped<RequestScoped>();
                services?.Invoke(collection);
            },
        };

    public static async Task<TestRuntime> StartAsync(
        IReadOnlyCollection<string> functions,
        IReadOnlyDictionary<string, string>? values = null,
        Action<IServiceCollection>? services = null,
        Func<TempDirectory, string>? hostJson = null,
        object? host = null,
        Func<FunctionExecutionDelegate, FunctionExecutionDelegate>? middleware = null)
    {
        var directory = new TempDirectory();
        try
        {
            var settingsPath = directory.WriteSettings(values, host);
            var app = LocalRuntimeHost.Create(["--urls", "http://127.0.0.1:0"], Options(functions, settingsPath, services, hostJson?.Invoke(directory), middleware: middleware));
            await app.StartAsync().WaitAsync(TestTimeout.Value);
            return new TestRuntime(app, directory);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync().WaitAsync(TestTimeout.Value);
        await App.DisposeAsync();
        directory.Dispose();
    }
}
