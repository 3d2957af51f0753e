using System.Globalization;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Xunit.Abstractions;

namespace CreatorAccountHealth.Functions.Tests.Reliability;

/// <summary>
/// The fault suite of the README's "Reliability" table: every alert, weekly report and workshop email is sent exactly
/// once through SendGrid, Service Bus and host failures. Each test waits for the queues to drain (with a deadline), then
/// counts the emails SendGrid accepted.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class EmailFaultTests(CosmosServer cosmos, ITestOutputHelper output)
{
    private const string Alert = "milestone-alert";
    private const string Report = "weekly-report";
    private const string Workshop = "training-";

    private static readonly string[] Kinds = [Alert, Report, Workshop];

    [Fact]
    public async Task Concurrent_deliveries_of_the_same_email_make_one_SendGrid_request_for_each_kind()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        await app.AddCreatorAsync("racer");

        // The same message delivered six times at once (lock lost and redelivered, a resend after the detection window).
        var handlers = app.Handlers(CancellationToken.None);
        var alert = SampleMessage(FaultHarness.AlertQueue, BinaryData.FromObjectAsJson(Email.SampleAlerts.Reached("racer"), AppJson.Options));
        var workshop = SampleMessage(FaultHarness.WorkshopQueue, BinaryData.FromObjectAsJson(Trainings.Email.SampleTrainings.Message(creatorId: "racer"), AppJson.Options));
        var report = SampleMessage(FaultHarness.ReportQueue, app.ReportPage(["racer"]).ToOutgoing().Body);
        await Task.WhenAll(Enumerable.Range(0, 6).SelectMany(_ => new[]
        {
            Task.Run(() => handlers[FaultHarness.AlertQueue](alert, new SimulatedBroker.Actions())),
            Task.Run(() => handlers[FaultHarness.WorkshopQueue](workshop, new SimulatedBroker.Actions())),
            Task.Run(() => handlers[FaultHarness.ReportQueue](report, new SimulatedBroker.Actions())),
        }));
        await app.RunQueuesAsync(); // the copies re-scheduled to the winning lease's end

        Assert.All(Kinds, kind => Assert.Equal(1, app.AcceptedTo("racer", kind)));
        Assert.Equal(3, app.SendGrid.Requests.Count);
        Assert.Empty(app.Broker.DeadLetters);
    }

    [Fact]
    public async Task A_page_redelivered_while_its_first_delivery_still_runs_sends_no_email_twice()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        var creators = Enumerable.Range(1, 6).Select(i => $"paged-{i}").ToList();
        foreach (var creator in creators)
        {
            await app.AddCreatorAsync(creator);
        }

        // The lock is lost mid-page: Service Bus hands the same message to a second instance while the first is working.
        var page = app.ReportPage(creators);
        var function = () => ActivatorUtilities.CreateInstance<BuildWeeklyReportsFunction>(app.Services).Run(page, CancellationToken.None);
        await Task.WhenAll(Task.Run(function), Task.Run(function));
        await app.RunQueuesAsync();

        Assert.All(creators, creator => Assert.Equal(1, app.AcceptedTo(creator, Report)));
        Assert.Equal(creators.Count, app.SendGrid.Requests.Count);
    }

    [Fact]
    public async Task SendGrid_down_then_refusing_our_key_then_throttling_sends_every_email_exactly_once_after_the_recovery()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        var creators = Enumerable.Range(1, 4).Select(i => $"outage-{i}").ToList();
        foreach (var creator in creators)
        {
            await app.AddCreatorAsync(creator);
            await app.QueueAlertAsync(creator);
            await app.QueueWorkshopEmailAsync(creator);
        }

        await app.QueueReportPageAsync(creators);

        // 503 for two minutes, 401 for one, then 429 with only X-RateLimit-Reset (a minute later), then accepted.
        var start = app.Clock.GetUtcNow();
        var reset = start.AddMinutes(4);
        app.SendGrid.Responder = () => (app.Clock.GetUtcNow() - start) switch
        {
            var t when t < TimeSpan.FromMinutes(2) => new ScriptedResponse(503, """{"errors":[{"message":"service unavailable"}]}"""),
            var t when t < TimeSpan.FromMinutes(3) => new ScriptedResponse(401, """{"errors":[{"message":"The provided authorization grant is invalid, expired, or revoked"}]}"""),
            _ when app.Clock.GetUtcNow() < reset => new ScriptedResponse(
                429, """{"errors":[{"message":"too many requests"}]}""", new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) }),
            _ => null,
        };

        await app.RunQueuesAsync();

        foreach (var creator in creators)
        {
            Assert.All(Kinds, kind => Assert.Equal(1, app.AcceptedTo(creator, kind)));
        }

        Assert.Empty(app.Broker.DeadLetters);
        Assert.Contains(app.SendGrid.Requests, r => r.Status == 503);
        Assert.Contains(app.SendGrid.Requests, r => r.Status == 401);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("refused our credentials", StringComparison.Ordinal));
        output.WriteLine($"{app.SendGrid.Requests.Count} SendGrid requests, {app.SendGrid.Accepted.Count} accepted; the outage's last email went out {app.Clock.GetUtcNow() - start} (simulated) after it began.");
    }

    [Fact]
    public async Task The_host_killed_mid_report_fan_out_then_the_run_started_again_sends_every_creator_one_report()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        var creators = Enumerable.Range(1, 6).Select(i => $"killed-{i}").ToList();
        foreach (var creator in creators)
        {
            await app.AddCreatorAsync(creator);
        }

        // The host dies as it starts on the fourth creator: that page's delivery never completes.
        var killed = 0;
        app.KillWhenLoading = id => id == creators[3] && Interlocked.Exchange(ref killed, 1) == 0;
        var runs = app.Services.GetRequiredService<WeeklyReportRuns>();
        await runs.StartAsync(Instant.FromDateTimeOffset(FaultHarness.Cutoff), CancellationToken.None);
        await app.RunQueuesAsync();

        // Restarted, the run is started again (after the duplicate-detection window, so every page is worked again).
        await app.QueueReportPageAsync(creators);
        await app.RunQueuesAsync();

        Assert.Equal(1, killed);
        Assert.All(creators, creator => Assert.Equal(1, app.AcceptedTo(creator, Report)));
        Assert.Empty(app.Broker.DeadLetters);
    }

    [Fact]
    public async Task A_creator_whose_report_fails_for_good_gets_a_recorded_failure_that_a_re_run_retries()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        var creators = new List<string> { "fine-1", "broken", "fine-2" };
        foreach (var creator in creators)
        {
            await app.AddCreatorAsync(creator);
        }

        app.BreakWhenLoading = id => id == "broken";
        await app.QueueReportPageAsync(creators);
        await app.RunQueuesAsync();

        var ledger = app.Services.GetRequiredService<NotificationLedger>();
        var key = EmailKeys.WeeklyReport(Instant.FromDateTimeOffset(FaultHarness.Cutoff));
        var failed = (await ledger.ReadAsync("broken", key, CancellationToken.None))!;
        Assert.Equal(DeliveryStatus.Failed, failed.Status);
        Assert.Contains("bad data", failed.Detail);
        Assert.Equal(1, app.AcceptedTo("fine-1", Report));
        Assert.Equal(1, app.AcceptedTo("fine-2", Report));

        // Fixed, the period is run again: only the failed creator is worked (the others are skipped after one point read).
        app.BreakWhenLoading = null;
        await app.Broker.SendAsync(FaultHarness.ReportQueue, app.ReportPage(creators).ToOutgoing() with { MessageId = "re-run" }, CancellationToken.None);
        await app.RunQueuesAsync();

        Assert.All(creators, creator => Assert.Equal(1, app.AcceptedTo(creator, Report)));
        Assert.Equal(DeliveryStatus.Sent, (await ledger.ReadAsync("broken", key, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_page_that_spends_its_time_budget_hands_the_rest_on_as_its_own_message()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        var creators = Enumerable.Range(1, 5).Select(i => $"slow-{i}").ToList();
        foreach (var creator in creators)
        {
            await app.AddCreatorAsync(creator);
        }

        // SendGrid takes two minutes an email: the three-minute budget is spent after the second creator.
        app.SendGrid.Responder = () =>
        {
            app.Clock.Advance(TimeSpan.FromMinutes(2));
            return null;
        };
        await app.QueueReportPageAsync(creators);
        await app.RunQueuesAsync();

        var pages = app.Broker.Sent.Where(s => s.Queue == FaultHarness.ReportQueue).Select(s => s.Message.MessageId).ToList();
        Assert.Equal(3, pages.Count);
        Assert.EndsWith("-from-2", pages[1], StringComparison.Ordinal);
        Assert.EndsWith("-from-4", pages[2], StringComparison.Ordinal);
        Assert.All(creators, creator => Assert.Equal(1, app.AcceptedTo(creator, Report)));
    }

    [Fact]
    public async Task A_crash_between_SendGrids_202_and_the_settle_is_the_one_window_that_sends_twice()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        await app.AddCreatorAsync("unlucky");
        var key = EmailKeys.MilestoneAlert(Email.SampleAlerts.Reached("unlucky").AlertId);

        // SendGrid accepts the email, and the process dies before the answer is read: the settle never happens.
        using var crash = new CancellationTokenSource();
        app.SendGrid.Responder = () =>
        {
            crash.Cancel();
            return null;
        };
        var message = SampleMessage(FaultHarness.AlertQueue, BinaryData.FromObjectAsJson(Email.SampleAlerts.Reached("unlucky"), AppJson.Options));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.Handlers(crash.Token)[FaultHarness.AlertQueue](message, new SimulatedBroker.Actions()));
        app.SendGrid.Responder = null;
        Assert.Equal(1, app.AcceptedTo("unlucky", Alert));

        // The message's lock runs out and it is delivered again: the email is pending (or its lease ran out), so it is sent
        // again. Duplicated, not lost.
        await app.QueueAlertAsync("unlucky");
        await app.RunQueuesAsync();

        var record = await app.Services.GetRequiredService<NotificationLedger>().ReadAsync("unlucky", key, CancellationToken.None);
        Assert.Equal(DeliveryStatus.Sent, record!.Status);
        Assert.Equal(2, app.AcceptedTo("unlucky", Alert));
    }

    [Fact]
    public async Task The_window_between_SendGrids_202_and_the_settle_is_one_storage_write()
    {
        await using var app = await FaultHarness.StartAsync(cosmos);
        await app.AddCreatorAsync("measured");
        var answered = 0L;
        app.SendGrid.Responder = () =>
        {
            Interlocked.Exchange(ref answered, System.Diagnostics.Stopwatch.GetTimestamp());
            return null;
        };
        var ledger = app.Services.GetRequiredService<NotificationLedger>();
        var key = EmailKeys.MilestoneAlert(Email.SampleAlerts.Reached("measured").AlertId);

        await app.QueueAlertAsync("measured");
        await app.RunQueuesAsync();

        // An upper bound: from SendGrid's answer to the end of the invocation, which settles then completes the message.
        var window = System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref answered));
        Assert.Equal(DeliveryStatus.Sent, (await ledger.ReadAsync("measured", key, CancellationToken.None))!.Status);
        output.WriteLine($"SendGrid's 202 to the settled record: at most {window.TotalMilliseconds:0.0} ms (local protocol server).");
    }

    private static Azure.Messaging.ServiceBus.ServiceBusReceivedMessage SampleMessage(string queue, BinaryData body) =>
        Azure.Messaging.ServiceBus.ServiceBusModelFactory.ServiceBusReceivedMessage(body: body, messageId: queue + "-copy", contentType: "application/json", deliveryCount: 1);
}
