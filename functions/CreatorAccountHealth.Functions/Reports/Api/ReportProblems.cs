using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary>The problem details the report endpoints answer with, besides the shared ones in <see cref="Problems"/>.</summary>
internal static class ReportProblems
{
    public static JsonResponse NotAcceptable() =>
        Problems.Create(
                StatusCodes.Status406NotAcceptable,
                "https://tools.ietf.org/html/rfc9110#section-15.5.7",
                "Not acceptable",
                "A report is available as application/json or text/html; the Accept header allows neither.")
            .WithHeader("Vary", "Accept");

    /// <summary>Only asked when no report was found, so the common answers cost no extra read.</summary>
    public static async Task<bool> IsUnknownCreatorAsync(ICreatorStore creators, string creatorId, CancellationToken cancellationToken) =>
        (await creators.LoadAccountAsync(creatorId, cancellationToken)).IsUnknown;
}
