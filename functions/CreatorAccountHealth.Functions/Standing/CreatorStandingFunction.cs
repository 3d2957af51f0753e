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

/// <summary><c>GET /api/creators/{creatorId}/standing</c>: where the creator stands now, computed from their account.</summary>
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
        // One point read: the account holds what the rules read; expiry is computed here, from now.
        var account = await store.LoadAccountAsync(creatorId, cancellationToken);
        if (account.IsUnknown)
        {
            return Problems.UnknownCreator(creatorId);
        }

        var standing = StandingCalculator.Calculate(account.ToHistory(), Instant.FromDateTimeOffset(time.GetUtcNow()), rules);
        return JsonResponse.Ok(StandingResponse.From(standing, catalog));
    }
}
