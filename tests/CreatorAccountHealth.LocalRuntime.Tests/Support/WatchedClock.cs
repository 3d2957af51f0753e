using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace CreatorAccountHealth.LocalRuntime.Tests.Support;

/// <summary>
/// A fake clock that tells when the code under test starts waiting on it, so a test advances time only once the
/// scheduler is waiting (advancing earlier would be missed, and the test would hang instead of failing).
/// </summary>
internal sealed class WatchedClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> waits = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>The delay of the next timer created on this clock.</summary>
    public Task<TimeSpan> NextWaitAsync() => waits.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout.Value);
}
