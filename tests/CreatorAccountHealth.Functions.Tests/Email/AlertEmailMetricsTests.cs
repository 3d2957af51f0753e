using System.Diagnostics.Metrics;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Telemetry;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>What became of each alert email, as the <c>creator_health.emails</c> and SendGrid metrics count it.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class AlertEmailMetricsTests(CosmosServer cosmos) : IAsyncLifetime
{
    private EmailHarness app = null!;

    public async Task InitializeAsync()
    {
        app = await EmailHarness.StartAsync(cosmos);
        app.Creators.Add(SampleAlerts.Profile());
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Sent_suppressed_refused_retried_and_dead_lettered_are_each_counted_once_with_SendGrids_status_class()
    {
        var meters = app.Services.GetRequiredService<IMeterFactory>();
        using var emails = new MetricCollector<long>(meters, AppTelemetry.Name, AppMetrics.Emails);
        using var calls = new MetricCollector<double>(meters, AppTelemetry.Name, AppMetrics.SendGridDuration);
        var reached = SampleAlerts.Reached();

        await app.DeliverAsync(reached);
        await app.DeliverAsync(reached, deliveryCount: 2);
        app.SendGrid.Script(Enumerable.Repeat(ScriptedResponse.ServerError, SendGridRetry.MaxAttempts).ToArray());
        await app.DeliverAsync(SampleAlerts.Approaching());
        app.SendGrid.Script(ScriptedResponse.BadRequest("personalizations.0.to.0.email", "Does not contain a valid address."));
        await app.DeliverAsync(SampleAlerts.Approaching(), deliveryCount: 2);
        await app.DeliverAsync("this is not json", "malformed-1");

        Assert.Equal(
            [
                ("milestone-alert", "dead_lettered", 1L),
                ("milestone-alert-approaching", "refused", 1L),
                ("milestone-alert-approaching", "retried", 1L),
                ("milestone-alert-reached", "sent", 1L),
                ("milestone-alert-reached", "suppressed", 1L),
            ],
            emails.GetMeasurementSnapshot()
                .GroupBy(m => (Kind: (string)m.Tags["email.kind"]!, Outcome: (string)m.Tags["outcome"]!))
                .Select(g => (g.Key.Kind, g.Key.Outcome, g.Sum(m => m.Value)))
                .OrderBy(e => e.Kind).ThenBy(e => e.Outcome));

        // One measurement per email handed to SendGrid, its retries included, by the last answer.
        Assert.Equal(
            ["2xx", "4xx", "5xx"],
            calls.GetMeasurementSnapshot().Select(m => (string)m.Tags["status_class"]!).Order());
    }
}
