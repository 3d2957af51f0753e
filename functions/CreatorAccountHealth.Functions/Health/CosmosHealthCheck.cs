using System.Net;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CreatorAccountHealth.Functions.Health;

/// <summary>Healthy when every container the app uses can be read: the account is reachable and set up.</summary>
public sealed class CosmosHealthCheck(CosmosContainers containers) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        foreach (var definition in CosmosContainers.Definitions)
        {
            try
            {
                await containers.Database.GetContainer(definition.Id).ReadContainerAsync(cancellationToken: timeout.Token);
            }
            catch (CosmosException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return HealthCheckResult.Unhealthy(
                    $"Cosmos DB is reachable but container '{definition.Id}' of database '{containers.Options.DatabaseName}' does not exist.");
            }
            catch (Exception e) when (e is CosmosException or HttpRequestException or OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"Cosmos DB is unreachable: {Summarize(e)}");
            }
        }

        return HealthCheckResult.Healthy($"Cosmos DB database '{containers.Options.DatabaseName}' is reachable.");
    }

    private static string Summarize(Exception e) => e switch
    {
        CosmosException c => $"status {(int)c.StatusCode} ({c.StatusCode}).",
        OperationCanceledException => $"no answer within {Timeout.TotalSeconds:0} seconds.",
        _ => e.Message,
    };
}
