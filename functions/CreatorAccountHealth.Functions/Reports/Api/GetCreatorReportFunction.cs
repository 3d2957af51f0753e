using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary>
/// <c>GET /api/creators/{creatorId}/reports/latest</c> and <c>GET /api/creators/{creatorId}/reports/{reportId}</c>: one
/// report, as JSON or, when the request's <c>Accept</c> prefers it, as the HTML its email carries. The literal
/// <c>latest</c> segment outranks the <c>{reportId}</c> parameter in route matching, so it is never taken for an id.
/// </summary>
public sealed class GetCreatorReportFunction(
    ReportStore reports, ICreatorStore creators, WeeklyReportRenderer renderer)
{
    [Function("GetLatestCreatorReport")]
    public Task<IActionResult> Latest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{creatorId}/reports/latest")] HttpRequest request,
        string creatorId,
        CancellationToken cancellationToken) =>
        AnswerAsync(
            request,
            creatorId,
            () => reports.LatestAsync(creatorId, cancellationToken),
            () => Problems.NotFound("No report yet", $"Creator '{creatorId}' has no weekly report yet."),
            cancellationToken);

    [Function("GetCreatorReport")]
    public Task<IActionResult> ById(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "creators/{creatorId}/reports/{reportId}")] HttpRequest request,
        string creatorId,
        string reportId,
        CancellationToken cancellationToken) =>
        AnswerAsync(
            request,
            creatorId,
            () => reports.GetAsync(creatorId, reportId, cancellationToken),
            () => Problems.NotFound("Unknown report", $"Creator '{creatorId}' has no report '{reportId}'."),
            cancellationToken);

    private async Task<IActionResult> AnswerAsync(
        HttpRequest request, string creatorId, Func<Task<StoredReport?>> read, Func<JsonResponse> notFound, CancellationToken cancellationToken)
    {
        // Negotiated first, so a request we can't answer costs no read.
        var format = ReportContentNegotiation.Negotiate(request.Headers.Accept);
        if (format is null)
        {
            return ReportProblems.NotAcceptable();
        }

        var stored = await read();
        if (stored is null)
        {
            return await ReportProblems.IsUnknownCreatorAsync(creators, creatorId, cancellationToken) ? Problems.UnknownCreator(creatorId) : notFound();
        }

        // The greeting uses the name in the report: the page shows the report as it was sent.
        return format == ReportFormat.Html
            ? new HtmlResponse(renderer.RenderHtml(stored.Domain, profile: null))
            : JsonResponse.Ok(stored.Report).WithHeader("Vary", "Accept");
    }
}
