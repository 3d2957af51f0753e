using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Erasure;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Tests.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Erasure;

/// <summary>Erasure through the admin route and the <c>creator.erased</c> webhook event, against the Cosmos protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class ErasureTests(CosmosServer cosmos)
{
    [Fact]
    public async Task Erasing_a_creator_leaves_nothing_readable_and_gives_their_seat_to_the_waitlist()
    {
        await using var h = await ErasureHarness.StartAsync(cosmos);
        await h.SeedAsync();

        var erased = await h.EraseAsync();

        var body = erased.Ok(202);
        Assert.Equal("erased", body.GetProperty("status").GetString());
        Assert.Equal(["creator-bob"], body.GetProperty("promoted").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(1, h.SeatConfirmedEmails());
        await h.AssertReadsAsUnknownAsync();
        await h.AssertNothingStoredAsync();
        var workshop = (await h.Trainings.GetAsync(h.TrainingId)).Ok();
        Assert.Equal("creator-bob", Assert.Single(workshop.GetProperty("registrations").EnumerateArray()).GetProperty("creatorId").GetString());

        // The alert that waited in the outbox is gone: the republisher has nothing to send.
        await h.App.Function<RepublishAlertsFunction>().Run(new TimerInfo(), CancellationToken.None);
        Assert.DoesNotContain(h.App.Queue.Sent, s => s.Queue == "milestone-alerts");
    }

    [Fact]
    public async Task Erasing_again_answers_202_with_the_first_erasure_time_and_changes_nothing()
    {
        await using var h = await ErasureHarness.StartAsync(cosmos);
        await h.SeedAsync();
        var first = (await h.EraseAsync()).Ok(202);
        h.App.Time.Advance(TimeSpan.FromHours(1));

        var repeat = (await h.EraseAsync()).Ok(202);

        Assert.Equal(first.GetProperty("erasedAt").GetString(), repeat.GetProperty("erasedAt").GetString());
        Assert.Empty(repeat.GetProperty("promoted").EnumerateArray());
        Assert.Equal(1, h.SeatConfirmedEmails());
        await h.AssertReadsAsUnknownAsync();
    }

    public static TheoryData<string> FaultPoints => new() { "workshop", "partition" };

    [Theory]
    [MemberData(nameof(FaultPoints))]
    public async Task An_erasure_stopped_half_way_by_storage_is_finished_by_repeating_it(string faultPoint)
    {
        await using var h = await ErasureHarness.StartAsync(cosmos);
        await h.SeedAsync();
        if (faultPoint == "workshop")
        {
            // Before anything is deleted: the seat can't be given up.
            h.Faults.FailReplacesIn(ContainerNames.Trainings);
        }
        else
        {
            // After the workshop, alerts, index and reports: two of the creator's documents go, then storage fails.
            h.Faults.FailDeletesAfter(ContainerNames.Creators, succeeding: 2);
        }

        var stopped = await h.EraseAsync();

        var problem = stopped.Problem(503);
        Assert.True(int.Parse(stopped.Headers.RetryAfter.ToString()) >= 1);
        Assert.Contains("part-way", problem.GetProperty("detail").GetString());
        Assert.True(h.Faults.Injected > 0);
        Assert.NotEmpty(await h.PartitionAsync(h.App.Services.GetRequiredService<CosmosContainers>().Creators, ErasureHarness.Erased));

        h.Faults.Heal();
        (await h.EraseAsync()).Ok(202);

        await h.AssertReadsAsUnknownAsync();
        await h.AssertNothingStoredAsync();
        Assert.Equal(1, h.SeatConfirmedEmails());
    }

    [Fact]
    public async Task The_creator_erased_webhook_event_erases_and_a_repeat_answers_the_same_receipt()
    {
        await using var h = await ErasureHarness.StartAsync(cosmos);
        await h.SeedAsync();
        var webhook = CreatorErased("evt-erase-1", ErasureHarness.Erased);

        var first = await h.App.PostWebhookAsync(webhook);
        var repeat = await h.App.PostWebhookAsync(webhook);

        var receipt = first.Ok(202);
        Assert.Equal(("creator.erased", "erased", ErasureHarness.Erased), (receipt.GetProperty("type").GetString(), receipt.GetProperty("status").GetString(), receipt.GetProperty("creatorId").GetString()));
        Assert.Equal(first.Body, repeat.Ok(202).GetRawText());
        Assert.Equal(1, h.SeatConfirmedEmails());
        await h.AssertReadsAsUnknownAsync();
        await h.AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Events_arriving_after_the_erasure_are_answered_but_never_bring_the_creator_back()
    {
        await using var h = await ErasureHarness.StartAsync(cosmos);
        await h.SeedAsync();
        (await h.EraseAsync()).Ok(202);

        var late = await h.App.PostWebhookAsync(Events.ViolationIssued("evt-v3", ErasureHarness.Erased, "v-3", issuedAt: "2026-11-29T10:00:00Z"));
        var repeated = await h.App.PostWebhookAsync(Events.ViolationIssued("evt-v1", ErasureHarness.Erased, "v-1"));
        var profile = await h.App.PostWebhookAsync(Events.CreatorUpserted("evt-p9", ErasureHarness.Erased, "ana@shop.example", "2026-11-29T10:00:00Z"));

        Assert.All([late, repeated, profile], r =>
        {
            var receipt = r.Ok(200);
            Assert.Equal(("ignored", "creatorErased"), (receipt.GetProperty("status").GetString(), receipt.GetProperty("reason").GetString()));
        });
        await h.AssertReadsAsUnknownAsync();
        await h.AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_id_that_can_not_be_a_creator_id_is_a_400()
    {
        await using var h = await ErasureHarness.StartAsync(cosmos);

        var response = await h.EraseAsync("creator ana");

        var problem = response.Problem(400);
        Assert.True(problem.GetProperty("errors").TryGetProperty("creatorId", out _));
    }

    [Fact]
    public async Task Storage_down_is_a_503_with_retry_after_for_the_route_and_the_webhook()
    {
        await using var app = await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);
        var context = app.Request(HttpMethods.Delete);

        var route = await app.InvokeAsync<EraseCreatorFunction>(context, (f, r) => f.Run(r, "creator-ana", CancellationToken.None));
        var webhook = await app.PostWebhookAsync(CreatorErased("evt-erase-1", "creator-ana"));

        Assert.All([route, webhook], r =>
        {
            Assert.Equal(CreatorErasure.StoppedPartWay, r.Problem(503).GetProperty("detail").GetString());
            Assert.True(int.Parse(r.Headers.RetryAfter.ToString()) >= 1);
        });
    }

    private static string CreatorErased(string eventId, string creatorId) =>
        new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = "creator.erased",
            ["occurredAt"] = "2026-11-27T10:00:00Z",
            ["creator"] = new JsonObject { ["id"] = creatorId },
        }.ToJsonString();
}
