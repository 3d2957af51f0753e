using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>A creator's endpoints against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class CreatorTrainingEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private TrainingHarness t = null!;

    public async Task InitializeAsync() => t = await TrainingHarness.StartAsync(cosmos);

    public async Task DisposeAsync() => await t.DisposeAsync();

    [Fact]
    public async Task A_creator_lists_the_workshops_they_are_invited_to_with_their_status()
    {
        var first = await t.WorkshopAsync(1, 3, "ana", "ben");
        var second = await t.WorkshopAsync(5, 3, "ana");
        (await t.RegisterAsync("ben", first)).Ok();
        (await t.RegisterAsync("ana", first)).Ok();

        var ana = (await t.ListAsync("ana")).Ok();
        var nobody = (await t.ListAsync("zoe")).Ok();

        var items = ana.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), items.Select(i => i.GetProperty("training").GetProperty("id").GetString()!));
        var inFirst = items.Single(i => i.GetProperty("training").GetProperty("id").GetString() == first);
        Assert.Equal("waitlisted", inFirst.GetProperty("status").GetString());
        Assert.Equal(1, inFirst.GetProperty("waitlistPosition").GetInt32());
        Assert.Equal("invited", items.Single(i => i.GetProperty("training").GetProperty("id").GetString() == second).GetProperty("status").GetString());
        Assert.DoesNotContain("ben", ana.ToString());
        Assert.Equal(0, nobody.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Accepting_answers_registered_then_waitlisted_with_a_position_and_keeps_picked_teams()
    {
        var id = await t.WorkshopAsync(1, 3, "ana", "ben", "cy");

        var ana = (await t.RegisterAsync("ana", id, """{"teams": ["Policy", "campaigns"]}""")).Ok();
        var ben = (await t.RegisterAsync("ben", id)).Ok();
        var cy = (await t.RegisterAsync("cy", id, "")).Ok();

        Assert.Equal("registered", ana.GetProperty("status").GetString());
        Assert.Equal(["policy", "campaigns"], ana.GetProperty("teams").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(("waitlisted", 1), (ben.GetProperty("status").GetString(), ben.GetProperty("waitlistPosition").GetInt32()));
        Assert.Equal(("waitlisted", 2), (cy.GetProperty("status").GetString(), cy.GetProperty("waitlistPosition").GetInt32()));
    }

    [Fact]
    public async Task Accepting_again_changes_the_team_picks_and_keeps_the_place()
    {
        var id = await t.WorkshopAsync(1, 3, "ana", "ben");
        (await t.RegisterAsync("ana", id, """{"teams": ["policy"]}""")).Ok();
        (await t.RegisterAsync("ben", id)).Ok();

        var ana = (await t.RegisterAsync("ana", id, """{"teams": ["campaigns"]}""")).Ok();
        var ben = (await t.RegisterAsync("ben", id, """{"teams": ["policy"]}""")).Ok();

        Assert.Equal("registered", ana.GetProperty("status").GetString());
        Assert.Equal(("waitlisted", 1), (ben.GetProperty("status").GetString(), ben.GetProperty("waitlistPosition").GetInt32()));
        var listed = (await t.ListAsync("ana")).Ok().GetProperty("items")[0];
        Assert.Equal(["campaigns"], listed.GetProperty("teams").EnumerateArray().Select(e => e.GetString()));
        var benListed = (await t.ListAsync("ben")).Ok().GetProperty("items")[0];
        Assert.Equal(["policy"], benListed.GetProperty("teams").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Every_registration_refusal_is_a_problem_with_its_reason()
    {
        var id = await t.WorkshopAsync(1, 3, "ana", "ben");
        await t.KnownCreatorsAsync("zoe");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok();

        (await t.RegisterAsync("zoe", id)).Problem(403, "notInvited");
        (await t.RegisterAsync("ana", "trn-nope")).Problem(404, "unknownTraining");
        (await t.WithdrawAsync("zoe", id)).Problem(403, "notInvited");
        var team = (await t.RegisterAsync("zoe", id, """{"teams": ["astrology"]}""")).Problem(403);
        Assert.Equal("notInvited", team.GetProperty("reason").GetString());
        (await t.RegisterAsync("ana", id, """{"teams": "policy"}""")).Problem(400);
        (await t.RegisterAsync("ana", id, "{")).Problem(400);
    }

    [Fact]
    public async Task An_unknown_team_is_a_400_naming_the_teams_field_and_registers_nothing()
    {
        var id = await t.WorkshopAsync(2, 3, "ana");

        var problem = (await t.RegisterAsync("ana", id, """{"teams": ["policy", "astrology"]}""")).Problem(400);

        Assert.Contains("astrology", problem.GetProperty("errors").GetProperty("teams")[0].GetString());
        Assert.Equal("invited", (await t.ListAsync("ana")).Ok().GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Registration_closes_48_hours_before_the_start()
    {
        var id = await t.WorkshopAsync(2, 3, "ana", "ben");
        t.At(TrainingHarness.Start.AddHours(-48).AddSeconds(-1));
        (await t.RegisterAsync("ana", id)).Ok();

        t.At(TrainingHarness.Start.AddHours(-48));
        var problem = (await t.RegisterAsync("ben", id)).Problem(409, "registrationClosed");

        Assert.Contains("2026-12-08T09:00:00Z", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Cancelling_a_seat_promotes_the_first_waitlisted_who_gets_a_seat_confirmed_email()
    {
        var id = await t.WorkshopAsync(1, 3, "ana", "ben", "cy");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok();
        (await t.RegisterAsync("cy", id)).Ok();

        var cancelled = (await t.WithdrawAsync("ana", id)).Ok();

        Assert.Equal("declined", cancelled.GetProperty("status").GetString());
        Assert.Equal(["ben"], cancelled.GetProperty("promoted").EnumerateArray().Select(e => e.GetString()));
        var confirmed = Assert.Single(t.Emails(), e => e.Message.Kind == TrainingEmailKind.SeatConfirmed);
        Assert.Equal("ben", confirmed.Message.CreatorId);
        var cy = (await t.ListAsync("cy")).Ok().GetProperty("items")[0];
        Assert.Equal(("waitlisted", 1), (cy.GetProperty("status").GetString(), cy.GetProperty("waitlistPosition").GetInt32()));
        Assert.Equal("registered", (await t.ListAsync("ben")).Ok().GetProperty("items")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Declining_an_invitation_is_recorded_and_shown()
    {
        var id = await t.WorkshopAsync(1, 3, "ana");

        var declined = (await t.WithdrawAsync("ana", id)).Ok();

        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Equal("declined", (await t.ListAsync("ana")).Ok().GetProperty("items")[0].GetProperty("status").GetString());
        Assert.DoesNotContain(t.Emails(), e => e.Message.Kind == TrainingEmailKind.SeatConfirmed);
    }

    [Fact]
    public async Task Slots_are_booked_once_first_come_first_served_and_refusals_say_why()
    {
        var id = await t.WorkshopAsync(2, 2, "ana", "ben", "cy");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok();
        (await t.RegisterAsync("cy", id)).Ok(); // waitlisted

        var booked = (await t.BookSlotAsync("ana", id, "slot-2")).Ok();
        var repeat = (await t.BookSlotAsync("ana", id, "slot-2")).Ok();

        Assert.Equal("slot-2", booked.GetProperty("slotId").GetString());
        Assert.Equal("2026-12-10T09:30:00Z", booked.GetProperty("startsAt").GetString());
        Assert.Equal(booked.GetProperty("bookedAt").GetString(), repeat.GetProperty("bookedAt").GetString());
        (await t.BookSlotAsync("ben", id, "slot-2")).Problem(409, "slotTaken");
        (await t.BookSlotAsync("ana", id, "slot-1")).Problem(409, "alreadyHasSlot");
        (await t.BookSlotAsync("cy", id, "slot-1")).Problem(409, "notRegistered");
        Assert.True((await t.BookSlotAsync("ben", id, "slot-9")).Problem(400).GetProperty("errors").TryGetProperty("slotId", out _));
        (await t.BookSlotAsync("ben", id, "slot-1")).Ok();
        var training = (await t.ListAsync("cy")).Ok().GetProperty("items")[0].GetProperty("training");
        Assert.All(training.GetProperty("mockLivestreamSlots").GetProperty("slots").EnumerateArray(), s => Assert.False(s.GetProperty("available").GetBoolean()));
    }
}
