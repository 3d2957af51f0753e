using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>Storage down: every trainings endpoint answers 503 with Retry-After, nothing half-done.</summary>
public sealed class TrainingStorageDownTests
{
    [Fact]
    public async Task Admin_and_creator_endpoints_answer_503_with_retry_after()
    {
        await using var t = new TrainingHarness(await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false));

        var responses = new[]
        {
            await t.CreateAsync(TrainingHarness.Details().ToJsonString()),
            await t.UpdateAsync("trn-1", TrainingHarness.Details().ToJsonString()),
            await t.CancelAsync("trn-1"),
            await t.InviteAsync("trn-1", """{"creatorIds": ["ana"]}"""),
            await t.CheckInAsync("trn-1", "ana"),
            await t.ListAsync("ana"),
            await t.RegisterAsync("ana", "trn-1"),
            await t.WithdrawAsync("ana", "trn-1"),
            await t.BookSlotAsync("ana", "trn-1", "slot-1"),
        };

        Assert.All(responses, r =>
        {
            r.Problem(503);
            Assert.True(int.Parse(r.Headers.RetryAfter.ToString()) >= 1);
        });
        Assert.Empty(t.Emails());
    }

    [Fact]
    public async Task The_pending_email_timer_fails_as_storage_unavailable_and_sends_nothing()
    {
        await using var t = new TrainingHarness(await AppHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false));

        await Assert.ThrowsAsync<StorageUnavailableException>(
            () => t.App.Function<RepublishTrainingEmailsFunction>().Run(new TimerInfo(), CancellationToken.None));

        Assert.Empty(t.Emails());
    }
}
