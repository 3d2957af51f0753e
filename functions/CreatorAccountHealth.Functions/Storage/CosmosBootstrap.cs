using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// Local runs only (<c>CosmosDb__CreateIfMissing=true</c>): creates the database and containers, retrying in the
/// background until storage answers, so the app starts even before the emulator does. /api/health shows progress.
/// </summary>
internal sealed class CosmosBootstrap(CosmosContainers containers, ILogger<CosmosBootstrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await containers.EnsureCreatedAsync(stoppingToken);
                logger.LogInformation("Cosmos DB database '{Database}' and its containers are ready.", containers.Options.DatabaseName);
                return;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return; // shutting down mid-attempt: nothing to report
            }
            catch (Exception e)
            {
                if (attempt == 1 || attempt % 10 == 0)
                {
                    logger.LogWarning("Cosmos DB not ready yet (attempt {Attempt}): {Reason}", attempt, e.Message.Split('\n')[0]);
                }

                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
