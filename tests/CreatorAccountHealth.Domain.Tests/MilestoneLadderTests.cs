using CreatorAccountHealth.Domain.Standing;

namespace CreatorAccountHealth.Domain.Tests;

public class MilestoneLadderTests
{
    [Fact]
    public void The_default_ladder_is_tiktok_shops()
    {
        Assert.Equal([12, 24, 36, 48], MilestoneLadder.Default.Milestones.Select(m => m.Threshold));
        Assert.All(MilestoneLadder.Default.Milestones, m => Assert.False(string.IsNullOrWhiteSpace(m.Enforcement)));
    }

    [Fact]
    public void Milestones_are_kept_lowest_first_whatever_order_they_are_given_in()
    {
        var ladder = new MilestoneLadder([new Milestone("b", "B", 20, "x"), new Milestone("a", "A", 10, "x")]);

        Assert.Equal(["a", "b"], ladder.Milestones.Select(m => m.Key));
        Assert.Equal("a", ladder.ReachedAt(19)?.Key);
        Assert.Equal("b", ladder.NextAbove(10)?.Key);
    }

    [Theory]
    [InlineData(10, 10, "b")]
    [InlineData(10, 20, "a")]
    [InlineData(0, 20, "b")]
    public void Ambiguous_or_non_positive_ladders_are_refused(int firstThreshold, int secondThreshold, string secondKey)
    {
        Assert.Throws<ArgumentException>(() =>
            new MilestoneLadder([new Milestone("a", "A", firstThreshold, "x"), new Milestone(secondKey, "B", secondThreshold, "x")]));
    }

    [Fact]
    public void An_empty_ladder_is_refused() => Assert.Throws<ArgumentException>(() => new MilestoneLadder([]));
}
