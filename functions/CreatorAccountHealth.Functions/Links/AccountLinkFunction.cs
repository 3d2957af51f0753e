using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Links;

/// <summary>The link the back office, support or a developer hands a creator.</summary>
/// <param name="Url">Opens the creator's Account Standing page (signed, expiring; exchanged for a session when opened).</param>
public sealed record AccountLinkResponse(Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// <c>POST /api/admin/creators/{creatorId}/account-link</c> (admin token): a signed link to the creator's Account Standing
/// page, valid <c>AccountLinks__LifetimeDays</c>. A creator with nothing recorded gets <c>404</c>: a link to an empty page
/// would only mislead support.
/// </summary>
public sealed class AccountLinkFunction(ICreatorStore creators, AccountLinks links, ILogger<AccountLinkFunction> logger)
{
    /// <summary>The host refuses routes starting with "admin" (its own API), hence the constrained parameter.</summary>
    public const string Route = "{area:regex(^admin$)}/creators/{creatorId}/account-link";

    [Function("CreateAccountLink")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken)
    {
        if (await creators.ReadAccountAsync(creatorId, cancellationToken) is not { } account || account.ToDomain().IsUnknown)
        {
            return Problems.UnknownCreator(creatorId);
        }

        var grant = links.CreateGrant(creatorId);

        // The link itself is a credential: only that one was made, never its URL.
        logger.LogInformation("Account link made for creator {CreatorId}, valid until {ExpiresAt}", creatorId, grant.ExpiresAt);
        return JsonResponse.Ok(new AccountLinkResponse(grant.Url, grant.ExpiresAt));
    }
}
