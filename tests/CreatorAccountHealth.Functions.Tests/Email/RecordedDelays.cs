using System.Collections.Concurrent;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// A clock whose timers fire at once: every delay asked of it (Polly's retry waits) is recorded and skipped, and the
/// clock moves on by it. Tests assert on the delays the retry strategy computed without sleeping through them.
/// </summary>
public sealed class RecordedDelays(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> delays = new();
    private readonly object gate = new();
    private DateTimeOffset now = start;

    public IReadOnlyList<TimeSpan> Delays => delays.ToList();

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        delays.Enqueue(dueTime);
        lock (gate)
        {
            now += dueTime;
        }

        // A real timer due at once, so the callback runs after the caller has its timer, as with any other delay.
        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
