using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary><c>GET /api/creators/{creatorId}/reports</c>: the creator's weekly reports, newest first, a page at a time.</summary>
public sealed class ListCreatorReportsFunction(ReportStore reports, ICreatorStore creators)
{
    [Function("ListCreatorReports")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{creatorId}/reports")] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken)
    {
        var query = ReportListQuery.Parse(request.Query, out var errors);
        if (query is null)
        {
            return Problems.Validation(errors, "Invalid query string");
        }

        try
        {
            var page = await reports.ListAsync(creatorId, query.PageSize, query.ContinuationToken, cancellationToken);

            // No reports yet is an empty list for a creator we know, and 404 for one we don't.
            if (page.Items.Count == 0 && query.ContinuationToken is null && await ReportProblems.IsUnknownCreatorAsync(creators, creatorId, cancellationToken))
            {
                return Problems.UnknownCreator(creatorId);
            }

            return JsonResponse.Ok(ReportListResponse.From(page));
        }
        catch (InvalidContinuationTokenException e)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["continuationToken"] = [e.Message] }, "Invalid query string");
        }
    }
}
