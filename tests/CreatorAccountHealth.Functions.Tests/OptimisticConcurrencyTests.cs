using System.Net;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Functions.Tests;

public class OptimisticConcurrencyTests
{
    private static CosmosException Status(HttpStatusCode status) => new("test", status, 0, "activity", 1);

    [Fact]
    public async Task A_lost_race_is_run_again_from_the_read_until_it_wins()
    {
        var rounds = 0;

        var result = await OptimisticConcurrency.RunAsync(
            "doc",
            () => ++rounds switch
            {
                1 => throw Status(HttpStatusCode.PreconditionFailed),
                2 => throw Status(HttpStatusCode.Conflict),
                3 => Task.FromResult(ConcurrentRound<string>.LostRace),
                _ => Task.FromResult(ConcurrentRound<string>.Done("written")),
            },
            CancellationToken.None);

        Assert.Equal("written", result);
        Assert.Equal(4, rounds);
    }

    [Fact]
    public async Task Losing_every_round_is_a_conflict_of_its_own_not_storage_unavailable()
    {
        var rounds = 0;

        var error = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => OptimisticConcurrency.RunAsync<int>(
            "The account of creator c-1",
            () =>
            {
                rounds++;
                throw Status(HttpStatusCode.PreconditionFailed);
            },
            CancellationToken.None,
            maxRounds: 3));

        Assert.Equal(3, rounds);
        Assert.Contains("The account of creator c-1", error.Message);
    }

    [Fact]
    public async Task Storage_failures_and_other_errors_are_not_retried()
    {
        var rounds = 0;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => OptimisticConcurrency.RunAsync<int>(
            "doc",
            () =>
            {
                rounds++;
                throw new StorageUnavailableException("down", TimeSpan.FromSeconds(5), new HttpRequestException());
            },
            CancellationToken.None));
        await Assert.ThrowsAsync<CosmosException>(() => OptimisticConcurrency.RunAsync<int>("doc", () => throw Status(HttpStatusCode.BadRequest), CancellationToken.None));

        Assert.Equal(1, rounds);
    }
}
