using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>
/// No workshop email stays pending forever: the pending-mail index and the <c>RepublishTrainingEmails</c> timer, against
/// the Cosmos DB protocol server.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class PendingEmailTimerTests(CosmosServer cosmos) : IAsyncLifetime
{
    private static readonly TimeSpan Grace = RepublishTrainingEmailsFunction.Grace.ToTimeSpan();

    private TrainingHarness t = null!;

    private TrainingStore Store => t.App.Services.GetRequiredService<TrainingStore>();

    public async Task InitializeAsync() => t = await TrainingHarness.StartAsync(cosmos);

    public async Task DisposeAsync() => await t.DisposeAsync();

    [Fact]
    public async Task A_decision_whose_emails_reach_the_queue_takes_its_marker_out_again()
    {
        var id = await t.WorkshopAsync(1, 3, "ana", "ben");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok(); // waitlisted
        (await t.WithdrawAsync("ana", id)).Ok(); // promotes ben: a SeatConfirmed email

        Assert.Equal(3, t.Emails().Count);
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task Emails_left_pending_by_a_down_queue_go_out_on_the_first_timer_run_after_the_queue_is_back()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana", "ben");
        t.App.Queue.IsDown = true;
        var invited = (await t.InviteAsync(id, """{"creatorIds": ["ana", "ben"]}""")).Ok();
        Assert.Equal(2, invited.GetProperty("emailsPending").GetInt32());
        Assert.Equal([id], (await MarkersAsync()).Select(m => m.TrainingId));

        t.App.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        await RunTimerAsync(); // the queue is still down: nothing lost, the marker stays
        Assert.Empty(t.Emails());
        Assert.Single(await MarkersAsync());

        t.App.Queue.IsDown = false;
        await RunTimerAsync();
        await RunTimerAsync();

        var emails = t.Emails();
        Assert.Equal(["ana", "ben"], emails.Select(e => e.Message.CreatorId).Order());
        Assert.All(emails, e => Assert.Equal((TrainingEmailKind.Invitation, id), (e.Message.Kind, e.Message.Training.TrainingId)));
        Assert.Empty((await Store.GetAsync(id, CancellationToken.None))!.Outbox);
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task A_workshop_whose_emails_fail_unexpectedly_does_not_hold_back_those_marked_after_it()
    {
        var broken = await t.WorkshopAsync();
        var fine = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana");
        t.App.Queue.IsDown = true;
        (await t.InviteAsync(broken, """{"creatorIds": ["ana"]}""")).Ok();
        t.App.Time.Advance(TimeSpan.FromSeconds(1));
        (await t.InviteAsync(fine, """{"creatorIds": ["ana"]}""")).Ok();
        t.App.Queue.IsDown = false;
        t.App.Queue.Breaks = m => m.Body.ToObjectFromJson<TrainingEmailMessage>(AppJson.Options)!.Training.TrainingId == broken;

        t.App.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        await RunTimerAsync();

        Assert.Equal([fine], t.Emails().Select(e => e.Message.Training.TrainingId));
        Assert.Equal([broken], (await MarkersAsync()).Select(m => m.TrainingId));
    }

    [Fact]
    public async Task A_marker_younger_than_the_grace_is_left_to_the_request_that_is_sending_it()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana");
        t.App.Queue.IsDown = true;
        (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok();
        t.App.Queue.IsDown = false;

        t.App.Time.Advance(Grace - TimeSpan.FromSeconds(1));
        await RunTimerAsync();

        Assert.Empty(t.Emails());
        Assert.Single((await Store.GetAsync(id, CancellationToken.None))!.Outbox);
        Assert.Equal([id], (await MarkersAsync()).Select(m => m.TrainingId));
    }

    [Fact]
    public async Task A_decision_written_by_a_request_that_stopped_before_its_flush_is_sent_by_the_timer()
    {
        var id = await t.WorkshopAsync();
        var now = Instant.FromDateTimeOffset(t.App.Time.GetUtcNow());
        var closes = t.App.Services.GetRequiredService<IOptions<TrainingOptions>>().Value.RegistrationClosesBefore;

        // What the invitation endpoint does up to its write; the process "dies" before the flush.
        var stored = await Store.ChangeAsync(id, w => TrainingDecisions.Invite(w, ["ana"], now, closes), CancellationToken.None);
        Assert.NotNull(stored?.PendingMarkerETag);
        Assert.Empty(t.Emails());

        t.App.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        await RunTimerAsync();

        var email = Assert.Single(t.Emails());
        Assert.Equal(("ana", TrainingEmailKind.Invitation), (email.Message.CreatorId, email.Message.Kind));
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task A_marker_whose_emails_a_later_call_already_sent_is_removed_by_the_timer()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana");
        t.App.Queue.IsDown = true;
        (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok();
        t.App.Queue.IsDown = false;
        var repeat = (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok(); // sends the pending invitation, adds nothing
        Assert.Equal(0, repeat.GetProperty("emailsPending").GetInt32());
        Assert.Single(await MarkersAsync()); // the repeat didn't mark, so it can't know the marker is still only the first call's

        t.App.Time.Advance(Grace + TimeSpan.FromSeconds(1));
        await RunTimerAsync();

        Assert.Single(t.Emails());
        Assert.Empty(await MarkersAsync());
    }

    [Fact]
    public async Task A_marker_another_request_upserted_after_ours_survives_our_flush()
    {
        var id = await t.WorkshopAsync();
        var now = Instant.FromDateTimeOffset(t.App.Time.GetUtcNow());
        var closes = t.App.Services.GetRequiredService<IOptions<TrainingOptions>>().Value.RegistrationClosesBefore;
        var stored = (await Store.ChangeAsync(id, w => TrainingDecisions.Invite(w, ["ana"], now, closes), CancellationToken.None))!;

        // Another request announces emails for this workshop; its write hasn't landed yet when ours flushes.
        var theirs = await Store.MarkPendingEmailsAsync(id, CancellationToken.None);
        var pending = await t.App.Services.GetRequiredService<TrainingEmailOutbox>().FlushAsync(stored, CancellationToken.None);

        Assert.Equal(0, pending);
        Assert.Single(t.Emails());
        var marker = Assert.Single(await MarkersAsync());
        Assert.Equal((id, theirs), (marker.TrainingId, marker.ETag));
    }

    [Fact]
    public async Task The_index_partition_is_no_workshop()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana");
        t.App.Queue.IsDown = true;
        (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok();

        (await t.CancelAsync(PendingEmailsMarkerDocument.Partition)).Problem(404, "unknownTraining");
        (await t.RegisterAsync("ana", PendingEmailsMarkerDocument.Partition)).Problem(404, "unknownTraining");

        Assert.Null(await Store.GetAsync(PendingEmailsMarkerDocument.Partition, CancellationToken.None));
        Assert.Equal([id], (await MarkersAsync()).Select(m => m.TrainingId));
    }

    private Task<IReadOnlyList<PendingEmailsMarker>> MarkersAsync() => Store.PendingEmailMarkersAsync(CancellationToken.None);

    private Task RunTimerAsync() => t.App.Function<RepublishTrainingEmailsFunction>().Run(new TimerInfo(), CancellationToken.None);
}
