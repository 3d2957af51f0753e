using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>The back office's endpoints against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class AdminTrainingEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private TrainingHarness t = null!;

    public async Task InitializeAsync() => t = await TrainingHarness.StartAsync(cosmos);

    public async Task DisposeAsync() => await t.DisposeAsync();

    [Fact]
    public async Task Creating_answers_201_with_the_workshop_its_id_its_slots_and_a_location()
    {
        var response = await t.CreateAsync(TrainingHarness.Details(capacity: 12, slots: 2, minutes: 45).ToJsonString());

        var json = response.Ok(201);
        var id = json.GetProperty("id").GetString()!;
        Assert.StartsWith("trn-", id);
        Assert.Equal($"/api/admin/trainings/{id}", response.Headers.Location.ToString());
        Assert.Equal(1, json.GetProperty("revision").GetInt32());
        Assert.Equal("2026-12-10T09:00:00Z", json.GetProperty("startsAt").GetString());
        Assert.Equal("Europe/London", json.GetProperty("timeZone").GetString());
        Assert.Equal(12, json.GetProperty("seatsLeft").GetInt32());
        Assert.Equal("2026-12-08T09:00:00Z", json.GetProperty("registrationClosesAt").GetString());
        Assert.Equal("2026-12-10T07:00:00Z", json.GetProperty("checkInOpensAt").GetString());
        var slots = json.GetProperty("mockLivestreamSlots").GetProperty("slots");
        Assert.Equal(["slot-1", "slot-2"], slots.EnumerateArray().Select(s => s.GetProperty("slotId").GetString()));
        Assert.Equal("2026-12-10T09:45:00", slots[1].GetProperty("localStart").GetString());
        Assert.Equal(["policy", "campaigns"], json.GetProperty("teams").EnumerateArray().Select(e => e.GetProperty("team").GetString()));
        Assert.Equal(0, json.GetProperty("invitations").GetArrayLength());
        Assert.Equal(0, json.GetProperty("emailsPending").GetInt32());
    }

    [Fact]
    public async Task The_back_office_lists_every_workshop_soonest_first_and_can_leave_out_ended_ones()
    {
        var later = TrainingHarness.Details();
        later["startsAt"] = "2026-12-17T09:00:00Z";
        later["endsAt"] = "2026-12-17T17:00:00Z";
        var second = (await t.CreateAsync(later.ToJsonString())).Ok(201).GetProperty("id").GetString();
        var first = await t.WorkshopAsync(2, 3, "ana");
        (await t.RegisterAsync("ana", first)).Ok();
        (await t.CancelAsync(second!)).Ok();

        var all = (await t.ListWorkshopsAsync()).Ok().GetProperty("items").EnumerateArray().ToList();
        t.At(TrainingHarness.Start.AddDays(1));
        var upcoming = (await t.ListWorkshopsAsync("?upcoming=true")).Ok().GetProperty("items").EnumerateArray().ToList();

        Assert.Equal([first, second], all.Select(w => w.GetProperty("id").GetString()));
        Assert.Equal(1, all[0].GetProperty("registered").GetInt32());
        Assert.True(all[1].GetProperty("cancelled").GetBoolean());
        Assert.DoesNotContain("ana", all[0].ToString());
        Assert.Equal([second], upcoming.Select(w => w.GetProperty("id").GetString()));
        (await t.ListWorkshopsAsync("?upcoming=soon")).Problem(400);
    }

    [Fact]
    public async Task A_list_entry_whose_workshop_was_never_created_is_skipped()
    {
        var id = await t.WorkshopAsync(2, 3);
        var trainings = t.App.Services.GetRequiredService<CosmosContainers>().Trainings;
        await trainings.UpsertItemAsync(
            new WorkshopIndexDocument { Id = "trn-never-created", CreatedAt = NodaTime.Instant.FromUtc(2026, 11, 27, 8, 0) },
            new Microsoft.Azure.Cosmos.PartitionKey(WorkshopIndexDocument.Partition));

        var items = (await t.ListWorkshopsAsync()).Ok().GetProperty("items").EnumerateArray();

        Assert.Equal([id], items.Select(w => w.GetProperty("id").GetString()));
        (await t.GetAsync(WorkshopIndexDocument.Partition)).Problem(404, "unknownTraining");
    }

    [Fact]
    public async Task The_back_office_reads_who_is_registered_waitlisted_booked_and_checked_in()
    {
        var id = await t.WorkshopAsync(1, 3, "ana", "ben");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok();
        (await t.BookSlotAsync("ana", id, "slot-2")).Ok();
        t.At(TrainingHarness.Start.AddMinutes(-30));
        (await t.CheckInAsync(id, "ana")).Ok(201);

        var workshop = (await t.GetAsync(id)).Ok();

        Assert.Equal(id, workshop.GetProperty("id").GetString());
        Assert.Equal(["ana"], workshop.GetProperty("registrations").EnumerateArray().Select(s => s.GetProperty("creatorId").GetString()));
        Assert.Equal(["ben"], workshop.GetProperty("waitlist").EnumerateArray().Select(s => s.GetProperty("creatorId").GetString()));
        Assert.Equal("slot-2", workshop.GetProperty("slotBookings")[0].GetProperty("slotId").GetString());
        Assert.Equal("ana", workshop.GetProperty("checkIns")[0].GetProperty("creatorId").GetString());
        Assert.Equal(0, workshop.GetProperty("emailsPending").GetInt32());
    }

    [Fact]
    public async Task An_invalid_body_is_a_400_naming_every_field_and_stores_nothing()
    {
        var body = TrainingHarness.Details();
        body["endsAt"] = "2026-12-10T08:00:00Z";
        body["timeZone"] = "Mars/Olympus_Mons";
        body["capacity"] = 0;
        body.Remove("venue");

        var response = await t.CreateAsync(body.ToJsonString());

        var errors = response.Problem(400).GetProperty("errors");
        Assert.Equal(["capacity", "endsAt", "timeZone", "venue"], errors.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(400, (await t.CreateAsync("not json")).Status);
        Assert.Equal(400, (await t.CreateAsync("[]")).Status);
        var startsLocal = TrainingHarness.Details();
        startsLocal["startsAt"] = "2026-12-10T09:00:00";
        Assert.Contains("startsAt", (await t.CreateAsync(startsLocal.ToJsonString())).Problem(400).GetProperty("errors").ToString());
    }

    [Fact]
    public async Task A_workshop_that_would_already_be_over_is_not_created()
    {
        t.At(TrainingHarness.Start.AddHours(8));

        var refused = (await t.CreateAsync(TrainingHarness.Details().ToJsonString())).Problem(400);

        Assert.True(refused.GetProperty("errors").TryGetProperty("endsAt", out _));
        Assert.Empty((await t.ListWorkshopsAsync()).Ok().GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_trainings_are_404_on_every_route()
    {
        var body = TrainingHarness.Details().ToJsonString();

        (await t.GetAsync("trn-nope")).Problem(404, "unknownTraining");
        (await t.GetAsync("bad id!")).Problem(404, "unknownTraining");
        (await t.UpdateAsync("trn-nope", body)).Problem(404, "unknownTraining");
        (await t.CancelAsync("trn-nope")).Problem(404, "unknownTraining");
        (await t.InviteAsync("trn-nope", """{"creatorIds": ["a"]}""")).Problem(404, "unknownTraining");
        (await t.CheckInAsync("trn-nope", "a")).Problem(404, "unknownTraining");
        (await t.UpdateAsync("bad id!", body)).Problem(404, "unknownTraining");
    }

    [Fact]
    public async Task Inviting_by_id_invites_known_creators_once_skips_unknown_ones_and_queues_one_invitation_each()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana", "ben");

        var first = (await t.InviteAsync(id, """{"creatorIds": ["ana", "ghost", "ben", "ana"]}""")).Ok();
        var again = (await t.InviteAsync(id, """{"creatorIds": ["ben"]}""")).Ok();

        Assert.Equal(["ana", "ben"], first.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("ghost", first.GetProperty("skipped")[0].GetProperty("creatorId").GetString());
        Assert.Equal("unknownCreator", first.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Equal(0, first.GetProperty("emailsPending").GetInt32());
        Assert.Equal(0, again.GetProperty("invited").GetArrayLength());
        Assert.Equal(["ben"], again.GetProperty("alreadyInvited").EnumerateArray().Select(e => e.GetString()));

        var emails = t.Emails();
        Assert.Equal(["ana", "ben"], emails.Select(e => e.Message.CreatorId).Order(StringComparer.Ordinal)); // sent in parallel
        Assert.All(emails, e =>
        {
            Assert.Equal(TrainingEmailKind.Invitation, e.Message.Kind);
            Assert.Equal(TrainingEmailMessage.IdFor(e.Message.CreatorId, id, TrainingEmailKind.Invitation, 1), e.MessageId);
            Assert.Equal(e.MessageId, e.Message.EmailId);
            Assert.Equal(id, e.Message.Training.TrainingId);
            Assert.Equal("1 Example Street, London", e.Message.Training.Venue);
            Assert.Equal(TrainingHarness.Start.AddHours(-48).ToUnixTimeSeconds(), e.Message.Training.RegistrationClosesAt.ToUnixTimeSeconds());
            Assert.Equal(["policy", "campaigns"], e.Message.Training.Teams.Select(team => team.Team));
        });
    }

    [Fact]
    public async Task Inviting_by_rule_finds_creators_through_the_activity_index_and_their_standing()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("recent", "old", "other-policy", "heavy");
        await t.App.PostWebhookAsync(Integration.Events.ViolationIssued("e1", "recent", "v1", "counterfeit-goods", "2026-11-20T10:00:00Z"));
        await t.App.PostWebhookAsync(Integration.Events.ViolationIssued("e2", "old", "v2", "counterfeit-goods", "2026-08-01T10:00:00Z"));
        await t.App.PostWebhookAsync(Integration.Events.ViolationIssued("e3", "other-policy", "v3", "dangerous-acts", "2026-11-20T10:00:00Z"));
        foreach (var n in Enumerable.Range(0, 3))
        {
            await t.App.PostWebhookAsync(Integration.Events.ViolationIssued($"e4-{n}", "heavy", $"v4-{n}", "dangerous-acts", "2026-11-2" + n + "T10:00:00Z"));
        }

        var byPolicy = (await t.InviteAsync(id, """{"rule": {"policyCodes": ["counterfeit-goods"], "withinDays": 30}}""")).Ok();
        var byMilestone = (await t.InviteAsync(id, """{"rule": {"milestone": "formal-warning"}}""")).Ok();

        Assert.Equal(["recent"], byPolicy.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, byPolicy.GetProperty("matchedByRule").GetInt32());
        Assert.Contains("heavy", byMilestone.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("old", byMilestone.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_rule_looking_back_a_year_finds_a_violation_the_account_moved_to_its_archive()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("archived");
        await t.App.PostWebhookAsync(Integration.Events.ViolationIssued("e1", "archived", "v1", "counterfeit-goods", "2026-02-01T10:00:00Z"));
        var creators = t.App.Services.GetRequiredService<CosmosContainers>().Creators;
        var account = (await creators.ReadItemAsync<AccountDocument>(AccountDocument.DocumentId, new PartitionKey("archived"))).Resource;
        Assert.Empty(account.Violations); // ~300 days old: past the hot window, in the archive
        Assert.NotNull(account.ArchivedUntil);

        var withinMonth = (await t.InviteAsync(id, """{"rule": {"policyCodes": ["counterfeit-goods"], "withinDays": 30}}""")).Ok();
        var withinYear = (await t.InviteAsync(id, """{"rule": {"policyCodes": ["counterfeit-goods"], "withinDays": 365}}""")).Ok();

        Assert.Empty(withinMonth.GetProperty("invited").EnumerateArray());
        Assert.Equal(["archived"], withinYear.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_bad_rule_is_a_400_naming_its_fields()
    {
        var id = await t.WorkshopAsync();

        var unknownPolicy = (await t.InviteAsync(id, """{"rule": {"policyCodes": ["astrology"], "withinDays": 0}}""")).Problem(400);
        var unknownMilestone = (await t.InviteAsync(id, """{"rule": {"milestone": "exile"}}""")).Problem(400);
        var nothing = (await t.InviteAsync(id, "{}")).Problem(400);

        Assert.Equal(["rule.policyCodes", "rule.withinDays"], unknownPolicy.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(unknownMilestone.GetProperty("errors").TryGetProperty("rule.milestone", out _));
        Assert.True(nothing.GetProperty("errors").TryGetProperty("creatorIds", out _));
    }

    [Fact]
    public async Task Emails_decided_while_the_queue_is_down_stay_pending_and_go_out_on_the_next_call()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana");
        t.App.Queue.IsDown = true;

        var down = (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok();
        t.App.Queue.IsDown = false;
        var retried = (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok();
        var third = (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Ok();

        Assert.Equal(1, down.GetProperty("emailsPending").GetInt32());
        Assert.Equal(["ana"], down.GetProperty("invited").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, retried.GetProperty("emailsPending").GetInt32());
        Assert.Equal(0, third.GetProperty("emailsPending").GetInt32());
        var email = Assert.Single(t.Emails());
        Assert.Equal(TrainingEmailKind.Invitation, email.Message.Kind);
    }

    [Fact]
    public async Task An_edit_invitees_see_queues_an_updated_email_each_and_capacity_cannot_drop_below_registrations()
    {
        var id = await t.WorkshopAsync(2, 3, "ana", "ben", "cy");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok();

        var refused = (await t.UpdateAsync(id, TrainingHarness.Details(capacity: 1).ToJsonString())).Problem(409, "capacityBelowRegistrations");
        var moved = (await t.UpdateAsync(id, TrainingHarness.Details(capacity: 2, venue: "2 Other Street, London").ToJsonString())).Ok();

        Assert.Contains("2 creators are registered", refused.GetProperty("detail").GetString());
        Assert.Equal(2, moved.GetProperty("revision").GetInt32());
        Assert.Equal("2 Other Street, London", moved.GetProperty("venue").GetString());
        var updates = t.Emails().Where(e => e.Message.Kind == TrainingEmailKind.Updated).ToList();
        Assert.Equal(["ana", "ben", "cy"], updates.Select(e => e.Message.CreatorId).Order(StringComparer.Ordinal));
        Assert.All(updates, e => Assert.Equal((2, "2 Other Street, London"), (e.Message.Training.Revision, e.Message.Training.Venue)));
        (await t.UpdateAsync(id, TrainingHarness.Details(capacity: 2, slots: 0).ToJsonString())).Ok();
    }

    [Fact]
    public async Task Cancelling_keeps_the_record_emails_every_invitee_and_refuses_what_follows()
    {
        var id = await t.WorkshopAsync(2, 3, "ana", "ben");
        (await t.RegisterAsync("ana", id)).Ok();

        var cancelled = (await t.CancelAsync(id)).Ok();
        var again = (await t.CancelAsync(id)).Ok();

        Assert.True(cancelled.GetProperty("cancelled").GetBoolean());
        Assert.Equal(["ana"], cancelled.GetProperty("registrations").EnumerateArray().Select(r => r.GetProperty("creatorId").GetString()));
        Assert.Equal(cancelled.GetProperty("cancelledAt").GetString(), again.GetProperty("cancelledAt").GetString());
        var emails = t.Emails().Where(e => e.Message.Kind == TrainingEmailKind.Cancelled).ToList();
        Assert.Equal(["ana", "ben"], emails.Select(e => e.Message.CreatorId).Order(StringComparer.Ordinal)); // sent in parallel
        Assert.All(emails, e => Assert.Equal(2, e.Message.Training.Revision));
        (await t.RegisterAsync("ben", id)).Problem(409, "trainingCancelled");
        (await t.UpdateAsync(id, TrainingHarness.Details().ToJsonString())).Problem(409, "trainingCancelled");
        (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Problem(409, "trainingCancelled");
        var listed = (await t.ListAsync("ana")).Ok().GetProperty("items")[0];
        Assert.True(listed.GetProperty("training").GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task Invitations_close_with_registration()
    {
        var id = await t.WorkshopAsync();
        await t.KnownCreatorsAsync("ana");
        t.At(TrainingHarness.Start.AddHours(-48));

        (await t.InviteAsync(id, """{"creatorIds": ["ana"]}""")).Problem(409, "registrationClosed");
    }
}
