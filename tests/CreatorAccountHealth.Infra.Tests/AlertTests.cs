using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Telemetry;
using CreatorAccountHealth.Infra.Tests.Arm;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>
/// The alert rules in infra/modules/alerts.bicep: each one exists, notifies the action group, links to a runbook
/// section that exists, and watches a metric the code records (names from AppMetrics, never copied).
/// </summary>
[Collection(InfraCollection.Name)]
public sealed partial class AlertTests(InfraTemplate infra)
{
    /// <summary>Rule (name prefix) → the runbook section that handles it.</summary>
    public static TheoryData<string, string> Rules => new()
    {
        { "Dead-lettered messages", "replay-dead-lettered-messages" },
        { "Cosmos DB throttling", "cosmos-db-throttling" },
        { "SendGrid credential failures", "sendgrid-refuses-the-api-key" },
        { "Webhook 5xx rate", "webhooks-answer-5xx" },
        { "Weekly report run not finished", "re-run-a-weeks-reports" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_notifies_the_action_group_and_links_to_the_runbook_section_that_handles_it(string rule, string section)
    {
        var declared = Rule(rule);

        var actions = ArmValues.Render(declared.Properties["actions"]);
        Assert.Contains("Microsoft.Insights/actionGroups", actions);
        Assert.True((bool)declared.Properties["enabled"]!, $"{rule} is disabled");
        Assert.EndsWith($"Runbook: docs/runbook.md#{section}", (string)declared.Properties["description"]!);
        Assert.Contains(section, RunbookSections());
    }

    [Fact]
    public void The_query_rules_watch_metrics_the_code_records()
    {
        var watched = infra.Resources("Microsoft.Insights/scheduledQueryRules")
            .ToDictionary(r => r.ShortName[..r.ShortName.IndexOf(" - ", StringComparison.Ordinal)], r => MetricNames(Query(r)).Order().ToList());

        Assert.Equal(
            new Dictionary<string, List<string>>
            {
                ["SendGrid credential failures"] = [AppMetrics.SendGridDuration],
                ["Webhook 5xx rate"] = [AppMetrics.WebhookEvents],
                ["Weekly report run not finished"] = new[] { AppMetrics.ReportRunsStarted, AppMetrics.ReportShardsFinished }.Order().ToList(),
            },
            watched);
        Assert.All(watched.Values.SelectMany(m => m), name => Assert.Contains(name, AppMetrics.Names));
    }

    [Fact]
    public void The_query_rules_read_the_dimensions_and_values_the_code_writes()
    {
        var webhook = Query(Rule("Webhook 5xx rate"));
        Assert.Contains($"outcome == \"{AppMetrics.WebhookOutcomes.Failed}\"", webhook);
        Assert.Contains($"reason == \"{AppMetrics.WebhookOutcomes.StorageUnavailable}\"", webhook);

        Assert.Contains("customDimensions[\"http.response.status_code\"]) in (401, 403)", Query(Rule("SendGrid credential failures")));

        var run = Query(Rule("Weekly report run not finished"));
        Assert.Contains("customDimensions[\"report.run\"]", run);
        Assert.Contains($"< {ReportActivityIndex.Shards}", run);
    }

    [Fact]
    public void Platform_metric_rules_watch_every_queue_and_429s()
    {
        var deadLetters = Criterion(Rule("Dead-lettered messages"));
        Assert.Equal(("DeadletteredMessages", "EntityName", "*"), (deadLetters.Metric, deadLetters.Dimension, deadLetters.Value));

        var throttles = Criterion(Rule("Cosmos DB throttling"));
        Assert.Equal(("TotalRequests", "StatusCode", "429"), (throttles.Metric, throttles.Dimension, throttles.Value));
    }

    private ArmResource Rule(string prefix) =>
        Assert.Single(
            infra.Resources("Microsoft.Insights/metricAlerts").Concat(infra.Resources("Microsoft.Insights/scheduledQueryRules")),
            r => r.ShortName.StartsWith(prefix + " - ", StringComparison.Ordinal));

    private static string Query(ArmResource rule) =>
        (string)((List<object?>)Single(rule.Properties["criteria"])["allOf"]!).Cast<Dictionary<string, object?>>().Single()["query"]!;

    private static (string Metric, string Dimension, string Value) Criterion(ArmResource rule)
    {
        var criterion = ((List<object?>)Single(rule.Properties["criteria"])["allOf"]!).Cast<Dictionary<string, object?>>().Single();
        var dimension = ((List<object?>)criterion["dimensions"]!).Cast<Dictionary<string, object?>>().Single();
        return ((string)criterion["metricName"]!, (string)dimension["name"]!, (string)((List<object?>)dimension["values"]!).Single()!);
    }

    private static Dictionary<string, object?> Single(object? value) => (Dictionary<string, object?>)value!;

    private static IEnumerable<string> MetricNames(string query) =>
        MetricName().Matches(query).Select(m => m.Groups[1].Value).Distinct();

    /// <summary>The runbook's headings as GitHub anchors them (lowercase, punctuation dropped, spaces to hyphens).</summary>
    private static IReadOnlyList<string> RunbookSections() =>
        File.ReadLines(RepoPaths.Combine("docs", "runbook.md"))
            .Where(l => l.StartsWith('#'))
            .Select(l => Regex.Replace(l.TrimStart('#').Trim().ToLowerInvariant(), @"[^\p{L}\p{N}\s-]", "").Replace(' ', '-'))
            .ToList();

    [GeneratedRegex(@"name == ""([^""]+)""")]
    private static partial Regex MetricName();
}
