using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Accounts;

/// <summary>
/// <c>POST /api/admin/creators/{creatorId}/account/rebuild</c>: rebuilds the creator's account document from their
/// stored events (keeping its alert memory) and answers the standing it gives, as <c>GET …/standing</c> would.
/// For support: after a rule change, a suspected inconsistency, or to migrate one creator ahead of first touch.
/// </summary>
public sealed class RebuildAccountFunction(
    ICreatorStore store,
    PolicyCatalog catalog,
    StandingRules rules,
    TimeProvider time,
    ILogger<RebuildAccountFunction> logger)
{
    /// <summary>The host refuses routes starting with "admin" (its own API), hence the constrained parameter.</summary>
    public const string Route = "{area:regex(^admin$)}/creators/{creatorId}/account/rebuild";

    [Function("RebuildCreatorAccount")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken)
    {
        var rebuilt = await store.RebuildAccountAsync(creatorId, cancellationToken);
        if (rebuilt?.ToDomain() is not { IsUnknown: false } account)
        {
            return Problems.UnknownCreator(creatorId);
        }

        logger.LogInformation(
            "Account of {CreatorId} rebuilt: {Violations} violation(s), {Notices} notice(s) kept", creatorId, account.Violations.Count, account.Notices.Count);
        var standing = StandingCalculator.Calculate(account.ToHistory(), Instant.FromDateTimeOffset(time.GetUtcNow()), rules);
        return JsonResponse.Ok(StandingResponse.From(standing, catalog));
    }
}
