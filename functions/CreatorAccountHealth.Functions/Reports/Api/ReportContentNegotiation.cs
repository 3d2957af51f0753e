using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CreatorAccountHealth.Functions.Reports.Api;

/// <summary>The representations a report is served in.</summary>
public enum ReportFormat
{
    Json,

    /// <summary>The same HTML the report email carries.</summary>
    Html,
}

/// <summary>
/// Picks a report's representation from the request's <c>Accept</c> header (RFC 9110 §12.5.1). Each representation
/// gets the quality of the most specific range that matches it (<c>text/html</c> over <c>text/*</c> over <c>*/*</c>); the
/// highest quality wins, then the more specific match, then JSON. So a browser's
/// <c>text/html,…,*/*;q=0.8</c> gets HTML, while <c>*/*</c>, no header or a header that doesn't parse gets JSON.
/// </summary>
public static class ReportContentNegotiation
{
    private static readonly (ReportFormat Format, string Type, string Subtype)[] Offered =
    [
        (ReportFormat.Json, "application", "json"),
        (ReportFormat.Html, "text", "html"),
    ];

    /// <returns>The format to answer with, or null when the caller accepts neither (406).</returns>
    public static ReportFormat? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return ReportFormat.Json;
        }

        var best = Offered
            .Select(offer => (offer.Format, Match: BestMatch(ranges, offer.Type, offer.Subtype)))
            .Where(o => o.Match is { Quality: > 0 })
            .OrderByDescending(o => o.Match!.Value.Quality)
            .ThenByDescending(o => o.Match!.Value.Specificity)
            .ThenBy(o => o.Format)
            .ToList();
        return best.Count == 0 ? null : best[0].Format;
    }

    /// <summary>The quality the most specific matching range gives a type (RFC 9110: the most specific reference has precedence).</summary>
    private static (double Quality, int Specificity)? BestMatch(IList<MediaTypeHeaderValue> ranges, string type, string subtype) =>
        ranges
            .Select(range => (range, specificity: Specificity(range, type, subtype)))
            .Where(r => r.specificity > 0)
            .OrderByDescending(r => r.specificity)
            .Select(r => ((double Quality, int Specificity)?)(r.range.Quality ?? 1.0, r.specificity))
            .FirstOrDefault();

    /// <returns>3 for type/subtype, 2 for type/*, 1 for */*, 0 when the range doesn't match.</returns>
    private static int Specificity(MediaTypeHeaderValue range, string type, string subtype)
    {
        var rangeType = range.Type.Value ?? "";
        var rangeSubtype = range.SubType.Value ?? "";
        if (rangeType == "*" && rangeSubtype == "*")
        {
            return 1;
        }

        if (!rangeType.Equals(type, StringComparison.OrdinalIgnoreCase))
        {
            return 0;
        }

        return rangeSubtype == "*" ? 2 : rangeSubtype.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 3 : 0;
    }
}
