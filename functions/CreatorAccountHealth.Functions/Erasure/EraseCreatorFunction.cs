using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Erasure;

/// <summary>
/// <c>DELETE /api/admin/creators/{creatorId}</c>: erases the creator (<see cref="CreatorErasure"/>). Always <c>202</c> once
/// done, a repeat too; storage down part-way is <c>503</c> with Retry-After, and repeating finishes the erasure. Declared
/// as <c>{area:regex(^admin$)}/creators/…</c>: the host refuses routes starting with the literal <c>admin</c>.
/// </summary>
public sealed class EraseCreatorFunction(CreatorErasure erasure)
{
    [Function("EraseCreator")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "{area:regex(^admin$)}/creators/{creatorId}")] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken)
    {
        if (PlatformEventParser.IdProblem(creatorId) is { } problem)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["creatorId"] = [problem] }, "The creator id is invalid.");
        }

        // Storage down part-way: the pipeline's 503 carries CreatorErasure.StoppedPartWay.
        var result = await erasure.EraseAsync(creatorId, cancellationToken);
        return JsonResponse.Accepted(new
        {
            result.CreatorId,
            status = "erased",
            result.ErasedAt,
            result.Promoted,
            result.EmailsPending,
        });
    }
}
