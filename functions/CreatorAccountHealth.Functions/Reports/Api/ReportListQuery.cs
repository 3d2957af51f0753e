using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary>The list endpoint's query string: <c>?pageSize=</c> (1–50, default 10) and <c>?continuationToken=</c>.</summary>
public sealed record ReportListQuery(int PageSize, string? ContinuationToken)
{
    public const int DefaultPageSize = 10;

    public const int MaxPageSize = 50;

    /// <summary>The query, or null with every parameter at fault in <paramref name="errors"/> (for a 400).</summary>
    public static ReportListQuery? Parse(IQueryCollection query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var pageSize = DefaultPageSize;
        if (query.TryGetValue("pageSize", out var sizes))
        {
            if (sizes.Count != 1 || !int.TryParse(sizes[0], NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize)
            {
                errors["pageSize"] = [$"Must be one whole number from 1 to {MaxPageSize}."];
            }
        }

        string? token = null;
        if (query.TryGetValue("continuationToken", out var tokens))
        {
            // An empty token is the same as none: some clients always send the parameter.
            if (tokens.Count != 1)
            {
                errors["continuationToken"] = ["Give at most one continuation token."];
            }
            else if (!string.IsNullOrEmpty(tokens[0]))
            {
                token = tokens[0];
            }
        }

        return errors.Count == 0 ? new ReportListQuery(pageSize, token) : null;
    }
}
