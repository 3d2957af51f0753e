using System.Net;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>What one round of read → decide → write came to: written (or nothing to write), or lost to another writer.</summary>
public readonly record struct ConcurrentRound<T>(bool Lost, T Value)
{
    public static ConcurrentRound<T> Done(T value) => new(false, value);

    public static ConcurrentRound<T> LostRace { get; } = new(true, default!);
}

/// <summary>Another writer kept winning the race for the same document: the caller may retry shortly. Not a storage failure.</summary>
public sealed class ConcurrencyConflictException(string subject, int rounds)
    : Exception($"{subject} kept changing concurrently ({rounds} rounds lost).")
{
    public string Subject { get; } = subject;

    /// <summary>What callers tell their own callers: a second is plenty for a burst of racers to pass.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The one home of optimistic concurrency: every read → decide → write-with-<c>If-Match</c> loop runs through
/// <see cref="RunAsync{T}"/>. A round that loses (the write answers 412 Precondition Failed, or 409 Conflict for a
/// create-if-absent, 404 for a replace of a document deleted meanwhile) is run again from its read after a short jittered pause, a bounded number of times; then
/// <see cref="ConcurrencyConflictException"/>. Storage failures pass through as <see cref="StorageUnavailableException"/>.
/// </summary>
public static class OptimisticConcurrency
{
    public const int DefaultRounds = 10;

    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(100);

    /// <param name="subject">What is contended, for the exception's message (e.g. "The account of creator c-1").</param>
    /// <param name="round">One read → decide → write; returns <see cref="ConcurrentRound{T}.LostRace"/> (or lets the
    /// write's 412/409 escape) when another writer got there first.</param>
    public static async Task<T> RunAsync<T>(string subject, Func<Task<ConcurrentRound<T>>> round, CancellationToken cancellationToken, int maxRounds = DefaultRounds)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await round();
                if (!result.Lost)
                {
                    return result.Value;
                }
            }
            catch (CosmosException e) when (IsLostRace(e))
            {
            }

            if (attempt >= maxRounds)
            {
                throw new ConcurrencyConflictException(subject, attempt);
            }

            // Full jitter over a window that grows with the rounds lost, so racers spread out instead of colliding again.
            var window = Math.Min(MaxPause.TotalMilliseconds, 2 << Math.Min(attempt, 10));
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * window), cancellationToken);
        }
    }

    /// <summary>
    /// The write's precondition failed: someone changed (412), created (409) or deleted (404, a replace of what is gone)
    /// the document since it was read. The next round reads what is there now.
    /// </summary>
    public static bool IsLostRace(CosmosException e) => e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound;
}
