using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace CreatorAccountHealth.TestSupport.Browser;

/// <summary>
/// axe-core (npm, pinned in package.json; <c>npm test</c> installs it) run inside the page with the WCAG 2.0, 2.1 and
/// 2.2 level A and AA rules.
/// </summary>
public static class Axe
{
    public static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly Lazy<string> Source = new(() =>
    {
        var path = RepoPaths.Combine("node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"axe-core is not installed ({path}): run `npm install` (npm test does) at the repository root.", path);
    });

    /// <summary>The rules the page breaks as it is now (empty when none).</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        // Evaluated rather than added as a <script> tag: the pages' Content-Security-Policy (rightly) blocks inline
        // scripts, and turning it off for the test (BypassCSP) would also hide a page script that CSP breaks.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Source.Value);
        }

        var result = await page.EvaluateAsync<JsonElement>(
            """
            async tags => {
              const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return results.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                tags: v.tags.filter(t => /^wcag\d{3,}$/.test(t)),
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html }))
              }));
            }
            """,
            Tags);
        return result.Deserialize<AxeViolation[]>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>A readable list of <paramref name="violations"/>, for a failure message.</summary>
    public static string Describe(IReadOnlyList<AxeViolation> violations, string where)
    {
        var text = new StringBuilder($"axe-core found {violations.Count} accessibility violation(s) on {where}:");
        foreach (var violation in violations)
        {
            text.AppendLine().Append($"- {violation.Id} ({violation.Impact}; {string.Join(", ", violation.Tags)}): {violation.Help} {violation.HelpUrl}");
            foreach (var node in violation.Nodes.Take(5))
            {
                text.AppendLine().Append($"    {node.Target}: {node.Summary?.ReplaceLineEndings(" ")}");
                text.AppendLine().Append($"      {(node.Html.Length > 200 ? node.Html[..200] + "…" : node.Html)}");
            }

            if (violation.Nodes.Count > 5)
            {
                text.AppendLine().Append($"    and {violation.Nodes.Count - 5} more");
            }
        }

        return text.ToString();
    }
}

public sealed record AxeViolation(string Id, string? Impact, string Help, string HelpUrl, IReadOnlyList<string> Tags, IReadOnlyList<AxeNode> Nodes);

public sealed record AxeNode(string Target, string? Summary, string Html);
