using CreatorAccountHealth.Domain.Policies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreatorAccountHealth.Functions.Hosting;

/// <summary>
/// Resolves, at host start, the singletons whose construction validates configuration (the policy catalog,
/// the Cosmos client, the HTTP routes' access), so a bad setting stops the app at once instead of failing the first request.
/// Options validation itself runs through ValidateOnStart.
/// </summary>
internal sealed class StartupValidation(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<PolicyCatalog>();
        services.GetRequiredService<Storage.CosmosContainers>();

        // Every HTTP route says who may call it, or the app doesn't start.
        services.GetRequiredService<Http.HttpRoutes>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
