using System.Globalization;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>The weekly timer starts the run of the occurrence it fired for, through the same path as the endpoint.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class WeeklyReportTimerTests(CosmosServer cosmos)
{
    [Theory]
    [InlineData("2026-11-30T06:00:00.150Z")] // on time
    [InlineData("2026-11-30T05:59:59.800Z")] // a moment early: clock skew between the scheduler and us
    [InlineData("2026-11-30T09:30:00Z")] // past due: the host was down at six
    public async Task The_timer_runs_the_occurrence_it_fired_for(string firedAt)
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        run.App.Time.SetUtcNow(DateTimeOffset.Parse(firedAt, CultureInfo.InvariantCulture));

        await run.App.Function<StartWeeklyReportsFunctions>().OnSchedule(new TimerInfo(), CancellationToken.None);

        var messages = run.QueuedMessages();
        Assert.Equal(ReportActivityIndex.Shards, messages.Count);
        Assert.All(messages, m => Assert.Equal(ReportHarness.Monday, m.Body.Cutoff));
    }
}
