using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>
/// Events in through the webhook, a run started through the endpoint, its shard messages worked by BuildWeeklyReports:
/// reports stored in Cosmos DB (the protocol server) and emailed through SendGrid's API (faked), once.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class WeeklyReportPipelineTests(CosmosServer cosmos)
{
    private const string WeekId = "weekly-2026-11-23-2026-11-29";

    [Fact]
    public async Task A_run_reports_on_creators_with_recent_activity_and_emails_each_once()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        await run.PostAllAsync(
            ReportEvents.Profile("active"),
            ReportEvents.Violation("active", "a1", "2026-11-24T10:00:00Z"),
            ReportEvents.Violation("active", "a2", "2026-11-26T10:00:00Z"),
            ReportEvents.Notice("active", "an1"),
            ReportEvents.Profile("profile-only"),
            ReportEvents.Profile("opted-out", weeklyReports: false),
            ReportEvents.Violation("opted-out", "o1"),
            ReportEvents.Violation("no-profile", "p1"),
            ReportEvents.Profile("quiet"),
            ReportEvents.Violation("quiet", "q1", "2026-06-01T10:00:00Z"));

        // The quiet creator's last activity is long past: what the index says when nothing happened since June.
        await run.App.Services.GetRequiredService<ReportActivityIndex>().RecordAsync("quiet", Instant.FromUtc(2026, 6, 1, 10, 0), CancellationToken.None);

        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        Assert.Empty(run.FailedDeliveries);
        var active = Assert.Single((await run.Reports.ListAsync("active", 10, null, CancellationToken.None)).Items);
        Assert.Equal(WeekId, active.Summary.ReportId);
        Assert.Equal(2, active.Summary.ViolationCount);
        Assert.Equal(1, active.Summary.NoticeCount);
        Assert.NotNull(active.EmailedAt);
        Assert.Equal(400 * 86_400, (await run.RawReportAsync("active", WeekId)).GetProperty("ttl").GetInt32()); // the default retention

        var email = Assert.Single(run.EmailsTo("active@shop.example")).Json;
        Assert.Equal(["weekly-report"], email.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(WeekId, email.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty("reportId").GetString());
        Assert.Equal(["text/plain", "text/html"], email.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()));

        var optedOut = await run.EmailRecordAsync("opted-out");
        Assert.Equal(DeliveryStatus.Suppressed, optedOut!.Status);
        Assert.Equal(SuppressionReason.OptedOut, optedOut.Suppression);
        Assert.Contains("opted out", optedOut.Detail);
        var noProfile = await run.EmailRecordAsync("no-profile");
        Assert.Equal(DeliveryStatus.Suppressed, noProfile!.Status);
        Assert.Equal(SuppressionReason.NoAddress, noProfile.Suppression);
        Assert.NotNull(await run.Reports.GetAsync("no-profile", WeekId, CancellationToken.None));

        Assert.Null(await run.Reports.LatestAsync("profile-only", CancellationToken.None));
        Assert.Null(await run.Reports.LatestAsync("quiet", CancellationToken.None));
        Assert.Single(run.SendGrid.Requests);
    }

    [Fact]
    public async Task Reports_expire_after_the_retention_setting()
    {
        await using var run = await ReportHarness.StartAsync(cosmos, new Dictionary<string, string?> { ["Reports:RetentionDays"] = "30" });
        await run.PostAllAsync(ReportEvents.Profile("kept"), ReportEvents.Violation("kept", "k1"));

        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        var stored = await run.RawReportAsync("kept", WeekId);
        Assert.Equal(30 * 86_400, stored.GetProperty("ttl").GetInt32());
    }

    [Fact]
    public async Task Running_the_same_period_again_overwrites_nothing_and_sends_nothing()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        await run.PostAllAsync(ReportEvents.Profile("again"), ReportEvents.Violation("again", "g1"));
        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();
        var first = await run.Reports.GetAsync("again", WeekId, CancellationToken.None);

        // A violation of the same week arrives late, then the week is run again: as a repeat of the same run (after the
        // queue has forgotten its message ids) and as another run whose cutoff falls on the same day.
        run.App.Time.Advance(TimeSpan.FromHours(1));
        await run.PostAllAsync(ReportEvents.Violation("again", "g2", "2026-11-27T10:00:00Z"));
        await run.StartRunAsync(ReportHarness.Monday);
        await run.StartRunAsync(ReportHarness.Monday.AddMinutes(30));
        await run.DrainAsync();

        var second = await run.Reports.GetAsync("again", WeekId, CancellationToken.None);
        Assert.Equal(first!.CreatedAt, second!.CreatedAt);
        Assert.Equal(1, second.Report.Violations.Count);
        Assert.Single(run.SendGrid.Requests);
        Assert.Single((await run.Reports.ListAsync("again", 10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task A_report_SendGrid_refuses_for_good_is_recorded_and_the_rest_of_the_page_goes_on()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        var creators = ReportEvents.CreatorsInOneShard("refused", 2);
        foreach (var creator in creators)
        {
            await run.PostAllAsync(ReportEvents.Profile(creator), ReportEvents.Violation(creator, creator + "-v"));
        }

        run.SendGrid.Script(TestSupport.ScriptedResponse.BadRequest("personalizations.0.to", "Does not contain a valid address."));
        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        Assert.Empty(run.FailedDeliveries);
        var outcomes = new List<DeliveryRecord>();
        foreach (var creator in creators)
        {
            outcomes.Add((await run.EmailRecordAsync(creator))!);
        }

        Assert.Equal([DeliveryStatus.Sent, DeliveryStatus.Refused], outcomes.Select(e => e.Status).Order());
        Assert.Contains("400", outcomes.Single(e => e.Status == DeliveryStatus.Refused).Detail);
        Assert.Equal(2, run.SendGrid.Requests.Count);
    }

    [Fact]
    public async Task When_SendGrid_is_unavailable_the_rest_of_the_page_is_re_scheduled_and_nobody_gets_two_emails()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        var creators = ReportEvents.CreatorsInOneShard("throttled", 3);
        foreach (var creator in creators)
        {
            await run.PostAllAsync(ReportEvents.Profile(creator), ReportEvents.Violation(creator, creator + "-v"));
        }

        // Throttled with a wait longer than one delivery holds on for: the rest of the page goes back to the queue, scheduled.
        run.SendGrid.Script(TestSupport.ScriptedResponse.TooManyRequests(retryAfterSeconds: 120));
        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        Assert.Empty(run.FailedDeliveries);
        var retry = Assert.Single(run.App.Queue.Sent, s => s.Message.MessageId.EndsWith("-retry-1", StringComparison.Ordinal)).Message;
        Assert.True(retry.ScheduledEnqueueTime >= run.App.Time.GetUtcNow().AddSeconds(120), $"scheduled for {retry.ScheduledEnqueueTime}");
        foreach (var creator in creators)
        {
            Assert.Equal(DeliveryStatus.Sent, (await run.EmailRecordAsync(creator))!.Status);
        }

        // The creator whose email was throttled (one request answered 429) was sent it by the re-scheduled rest; the
        // others once, on either message.
        Assert.Equal([1, 1, 2], creators.Select(c => run.EmailsTo(c + "@shop.example").Count).Order());
    }

    [Fact]
    public async Task A_shard_with_more_creators_than_a_message_takes_continues_on_the_next_message()
    {
        await using var run = await ReportHarness.StartAsync(cosmos, new Dictionary<string, string?> { ["Reports:CreatorsPerMessage"] = "2" });
        var creators = ReportEvents.CreatorsInOneShard("paged", 5);
        foreach (var creator in creators)
        {
            await run.PostAllAsync(ReportEvents.Profile(creator), ReportEvents.Violation(creator, creator + "-v"));
        }

        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        var shard = ReportActivityIndex.ShardOf(creators[0]);
        var pages = run.QueuedMessages().Where(m => m.Body.Shard == shard).ToList();
        Assert.Equal([0, 1, 2], pages.Select(p => p.Body.Page));
        Assert.Equal(3, pages.Select(p => p.MessageId).Distinct().Count());
        Assert.All(creators, creator => Assert.Single(run.EmailsTo(creator + "@shop.example")));
    }

    [Fact]
    public async Task Violations_overturns_and_notices_mark_their_creator_active_and_profiles_do_not()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        await run.PostAllAsync(
            ReportEvents.Violation("idx-violation", "iv1"),
            ReportEvents.Violation("idx-violation", "iv1"), // a repeat: still one entry
            Integration.Events.ViolationOverturned("evt-io1", "idx-overturn", "io1"),
            ReportEvents.Notice("idx-notice", "in1"),
            ReportEvents.Profile("idx-profile"));

        var index = run.App.Services.GetRequiredService<ReportActivityIndex>();
        var active = new List<string>();
        for (var shard = 0; shard < ReportActivityIndex.Shards; shard++)
        {
            active.AddRange((await index.ReadPageAsync(shard, Instant.FromUtc(2026, 1, 1, 0, 0), null, 100, CancellationToken.None)).CreatorIds);
        }

        Assert.Equal(["idx-notice", "idx-overturn", "idx-violation"], active.Order());
    }
}
