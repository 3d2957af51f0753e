using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Standing;

/// <summary><c>GET /api/creators/{creatorId}/standing</c>: where the creator stands now, computed from their history.</summary>
public sealed class CreatorStandingFunction(
    ICreatorStore store,
    PolicyCatalog catalog,
    StandingRules rules,
    TimeProvider time)
{
    [Function("GetCreatorStanding")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{creatorId}/standing")] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken)
    {
        var history = await store.LoadHistoryAsync(creatorId, cancellationToken);
        if (history.IsUnknown)
        {
            return Problems.UnknownCreator(creatorId);
        }

        var standing = StandingCalculator.Calculate(history, Instant.FromDateTimeOffset(time.GetUtcNow()), rules);
        return JsonResponse.Ok(StandingResponse.From(standing, catalog));
    }
}
