using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;

namespace CreatorAccountHealth.Functions.Tests.Reliability;

public class BackoffTests
{
    private static readonly NotificationOptions Options = new();

    [Theory]
    [InlineData(1, 15, 30)]
    [InlineData(2, 30, 60)]
    [InlineData(4, 120, 240)]
    [InlineData(12, 900, 1800)] // capped at RetryMaxDelay (30 minutes), half of it jittered
    public void The_delay_doubles_with_each_attempt_half_of_it_jittered_up_to_the_cap(int attempt, int minSeconds, int maxSeconds)
    {
        var low = Backoff.Next(attempt, null, TimeSpan.Zero, Options, jitter: 0)!.Value;
        var high = Backoff.Next(attempt, null, TimeSpan.Zero, Options, jitter: 0.999)!.Value;

        Assert.Equal(TimeSpan.FromSeconds(minSeconds), low);
        Assert.InRange(high, TimeSpan.FromSeconds(maxSeconds - 1), TimeSpan.FromSeconds(maxSeconds));
    }

    [Fact]
    public void Never_sooner_than_the_dependency_asked()
    {
        Assert.True(Backoff.Next(1, TimeSpan.FromMinutes(10), TimeSpan.Zero, Options, jitter: 0.5) >= TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromSeconds(15), Backoff.Next(1, TimeSpan.FromSeconds(2), TimeSpan.Zero, Options, jitter: 0));
    }

    [Fact]
    public void Not_at_all_past_the_maximum_age()
    {
        Assert.NotNull(Backoff.Next(3, null, TimeSpan.FromHours(23), Options, jitter: 0));
        Assert.Null(Backoff.Next(3, null, TimeSpan.FromHours(23.99), Options, jitter: 0));
        Assert.Null(Backoff.Next(1, TimeSpan.FromHours(25), TimeSpan.Zero, Options, jitter: 0));
    }
}
