using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>Really concurrent requests for the last seat and for one slot: the ETag keeps the workshop from overbooking.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class ConcurrencyTests(CosmosServer cosmos) : IAsyncLifetime
{
    private const int Racers = 16;

    private TrainingHarness t = null!;

    public async Task InitializeAsync() => t = await TrainingHarness.StartAsync(cosmos);

    public async Task DisposeAsync() => await t.DisposeAsync();

    [Fact]
    public async Task Many_parallel_accepts_for_one_seat_register_exactly_one_and_waitlist_the_rest_in_a_consistent_order()
    {
        var creators = Enumerable.Range(1, Racers).Select(i => $"racer-{i:00}").ToArray();
        var id = await t.WorkshopAsync(1, 3, creators);

        using var gate = new ManualResetEventSlim();
        var responses = await Task.WhenAll(creators.Select(c => Task.Run(async () =>
        {
            gate.Wait();
            return (Creator: c, Response: await t.RegisterAsync(c, id));
        })).ToList().Also(_ => gate.Set()));

        Assert.All(responses, r => Assert.True(r.Response.Status == 200, r.Response.Body));
        var registered = Assert.Single(responses, r => r.Response.Json.GetProperty("status").GetString() == "registered");
        var waitlisted = responses.Where(r => r.Response.Json.GetProperty("status").GetString() == "waitlisted")
            .OrderBy(r => r.Response.Json.GetProperty("waitlistPosition").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, Racers - 1), waitlisted.Select(r => r.Response.Json.GetProperty("waitlistPosition").GetInt32()));

        var stored = (await t.App.Services.GetRequiredService<TrainingStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal([registered.Creator], stored.Registered.Select(s => s.CreatorId));
        Assert.Equal(waitlisted.Select(r => r.Creator), stored.Waitlist.Select(s => s.CreatorId));
    }

    [Fact]
    public async Task Many_parallel_bookings_of_one_slot_give_it_to_exactly_one_creator()
    {
        var creators = Enumerable.Range(1, Racers).Select(i => $"booker-{i:00}").ToArray();
        var id = await t.WorkshopAsync(Racers, 3, creators);
        foreach (var c in creators)
        {
            (await t.RegisterAsync(c, id)).Ok();
        }

        using var gate = new ManualResetEventSlim();
        var responses = await Task.WhenAll(creators.Select(c => Task.Run(async () =>
        {
            gate.Wait();
            return (Creator: c, Response: await t.BookSlotAsync(c, id, "slot-1"));
        })).ToList().Also(_ => gate.Set()));

        var winner = Assert.Single(responses, r => r.Response.Status == 200);
        Assert.All(responses.Where(r => r.Response.Status != 200), r => r.Response.Problem(409, "slotTaken"));
        var stored = (await t.App.Services.GetRequiredService<TrainingStore>().GetAsync(id, CancellationToken.None))!;
        Assert.Equal((winner.Creator, "slot-1"), (stored.SlotBookings.Single().CreatorId, stored.SlotBookings.Single().SlotId));
    }
}

internal static class Fluent
{
    /// <summary>Runs <paramref name="action"/> on the value and returns it (opens the gate once every racer is queued).</summary>
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
