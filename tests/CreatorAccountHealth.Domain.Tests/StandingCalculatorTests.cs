using CreatorAccountHealth.Domain.Standing;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.History;

namespace CreatorAccountHealth.Domain.Tests;

public class StandingCalculatorTests
{
    private static readonly StandingRules Rules = StandingRules.Default;

    private static CreatorStanding Calculate(History history, Instant now) => StandingCalculator.Calculate(history.Build(), now, Rules);

    [Fact]
    public void A_creator_without_violations_has_no_points_and_the_first_milestone_next()
    {
        var standing = Calculate(new History(), At(2026, 11, 27));

        Assert.Equal(0, standing.ActivePoints);
        Assert.Null(standing.CurrentMilestone);
        Assert.Equal("formal-warning", standing.NextMilestone?.Key);
        Assert.Equal(12, standing.PointsToNextMilestone);
        Assert.Empty(standing.ActiveViolations);
        Assert.Empty(standing.PointsExpiring);
    }

    [Fact]
    public void Points_count_until_exactly_ninety_days_after_issue_and_not_a_tick_longer()
    {
        var issued = At(2026, 1, 31, 23, 30);
        var history = new History().Violation("v1", issued, points: 5);
        var expiry = issued + Duration.FromDays(90);

        Assert.Equal(5, Calculate(history, expiry - Duration.Epsilon).ActivePoints);
        Assert.Equal(0, Calculate(history, expiry).ActivePoints);
        Assert.Equal(expiry, Calculate(history, issued).ActiveViolations.Single().ExpiresAt);
    }

    [Fact]
    public void The_ninety_day_window_is_elapsed_time_across_a_leap_day()
    {
        var issued = At(2028, 1, 15, 8);
        var standing = Calculate(new History().Violation("v1", issued), issued);

        // 2028 is a leap year: 15 Jan + 90 days lands on 14 April, not 15 April.
        Assert.Equal(At(2028, 4, 14, 8), standing.ActiveViolations.Single().ExpiresAt);
    }

    [Fact]
    public void A_violation_stamped_slightly_in_the_future_already_counts()
    {
        var now = At(2026, 11, 27);
        var standing = Calculate(new History().Violation("v1", now + Duration.FromMinutes(2), points: 3), now);

        Assert.Equal(3, standing.ActivePoints);
    }

    [Fact]
    public void An_overturned_violation_carries_no_points_whichever_arrived_first()
    {
        var now = At(2026, 11, 27);
        var issuedThenOverturned = new History()
            .Violation("v1", now - Duration.FromDays(3), points: 8)
            .Violation("v2", now - Duration.FromDays(2), points: 4)
            .Overturn("v1", now - Duration.FromDays(1));
        var overturnedBeforeIssued = new History()
            .Overturn("v1", now - Duration.FromDays(4))
            .Violation("v2", now - Duration.FromDays(2), points: 4)
            .Violation("v1", now - Duration.FromDays(3), points: 8);

        Assert.Equal(4, Calculate(issuedThenOverturned, now).ActivePoints);
        Assert.Equal(4, Calculate(overturnedBeforeIssued, now).ActivePoints);
        Assert.Equal(["v2"], Calculate(overturnedBeforeIssued, now).ActiveViolations.Select(a => a.Violation.Id));
    }

    [Fact]
    public void The_same_violation_recorded_twice_counts_once()
    {
        var now = At(2026, 11, 27);
        var history = new History().Violation("v1", now, points: 6).Violation("v1", now, points: 6);

        Assert.Equal(6, Calculate(history, now).ActivePoints);
    }

    [Theory]
    [InlineData(11, null, "formal-warning", 1)]
    [InlineData(12, "formal-warning", "suspension-7-days", 12)]
    [InlineData(23, "formal-warning", "suspension-7-days", 1)]
    [InlineData(24, "suspension-7-days", "suspension-30-days", 12)]
    [InlineData(36, "suspension-30-days", "permanent-removal", 12)]
    [InlineData(47, "suspension-30-days", "permanent-removal", 1)]
    [InlineData(48, "permanent-removal", null, null)]
    [InlineData(60, "permanent-removal", null, null)]
    public void Milestones_are_reached_at_their_thresholds(int points, string? current, string? next, int? pointsToNext)
    {
        var now = At(2026, 11, 27);
        var standing = Calculate(new History().Violation("v1", now, points: points), now);

        Assert.Equal(current, standing.CurrentMilestone?.Milestone.Key);
        Assert.Equal(next, standing.NextMilestone?.Key);
        Assert.Equal(pointsToNext, standing.PointsToNextMilestone);
        if (current is not null)
        {
            Assert.Equal(MilestoneReason.Points, standing.CurrentMilestone!.ReachedBy);
            Assert.False(string.IsNullOrWhiteSpace(standing.CurrentMilestone.Milestone.Enforcement));
        }
    }

    [Fact]
    public void Points_add_up_across_violations_and_fall_as_each_expires()
    {
        var start = At(2026, 1, 1);
        var history = new History()
            .Violation("v1", start, points: 8)
            .Violation("v2", start + Duration.FromDays(30), points: 6);

        Assert.Equal("formal-warning", Calculate(history, start + Duration.FromDays(31)).CurrentMilestone?.Milestone.Key);
        var afterFirstExpires = Calculate(history, start + Duration.FromDays(91));
        Assert.Equal(6, afterFirstExpires.ActivePoints);
        Assert.Null(afterFirstExpires.CurrentMilestone);
    }

    [Fact]
    public void Six_breaches_of_one_policy_within_ninety_days_reach_removal_whatever_the_points()
    {
        var start = At(2026, 6, 1);
        var history = new History();
        for (var i = 0; i < 6; i++)
        {
            history.Violation($"v{i}", start + Duration.FromDays(i * 17), points: 1, policy: "spam");
        }

        var now = start + Duration.FromDays(86);
        var standing = Calculate(history, now);

        Assert.Equal(6, standing.ActivePoints);
        Assert.Equal("permanent-removal", standing.CurrentMilestone?.Milestone.Key);
        Assert.Equal(MilestoneReason.RepeatViolations, standing.CurrentMilestone!.ReachedBy);
        Assert.Equal("spam", standing.CurrentMilestone.RepeatedPolicyCode);
        Assert.Null(standing.NextMilestone);
        Assert.Null(standing.PointsToNextMilestone);
    }

    [Fact]
    public void The_repeat_rule_needs_all_six_inside_the_window()
    {
        var start = At(2026, 6, 1);
        var history = new History();
        for (var i = 0; i < 6; i++)
        {
            history.Violation($"v{i}", start + Duration.FromDays(i * 17), points: 1, policy: "spam");
        }

        // The first breach left the window exactly 90 days after it: five remain inside.
        var firstLeaves = start + Duration.FromDays(90);
        Assert.Equal("permanent-removal", Calculate(history, firstLeaves - Duration.Epsilon).CurrentMilestone?.Milestone.Key);
        Assert.Null(Calculate(history, firstLeaves).CurrentMilestone);
    }

    [Fact]
    public void Five_breaches_or_six_across_two_policies_do_not_trigger_the_repeat_rule()
    {
        var now = At(2026, 6, 30);
        var five = new History();
        var mixed = new History();
        for (var i = 0; i < 6; i++)
        {
            if (i < 5)
            {
                five.Violation($"v{i}", now - Duration.FromDays(i), points: 1, policy: "spam");
            }

            mixed.Violation($"m{i}", now - Duration.FromDays(i), points: 1, policy: i % 2 == 0 ? "spam" : "harassment");
        }

        Assert.Null(Calculate(five, now).CurrentMilestone);
        Assert.Null(Calculate(mixed, now).CurrentMilestone);
        Assert.Equal([new RepeatedPolicy("spam", 5)], Calculate(five, now).RepeatedPolicies);
    }

    [Fact]
    public void Overturned_breaches_do_not_count_towards_the_repeat_rule()
    {
        var now = At(2026, 6, 30);
        var history = new History();
        for (var i = 0; i < 6; i++)
        {
            history.Violation($"v{i}", now - Duration.FromDays(i), points: 1, policy: "spam");
        }

        history.Overturn("v3", now);

        Assert.Null(Calculate(history, now).CurrentMilestone);
    }

    [Fact]
    public void Points_on_the_ladder_beyond_the_repeat_milestone_are_reported_by_points()
    {
        var now = At(2026, 6, 30);
        var history = new History();
        for (var i = 0; i < 6; i++)
        {
            history.Violation($"v{i}", now - Duration.FromDays(i), points: 10, policy: "spam");
        }

        Assert.Equal(MilestoneReason.Points, Calculate(history, now).CurrentMilestone?.ReachedBy);
    }

    [Fact]
    public void Expiring_points_are_grouped_by_the_creators_local_date()
    {
        // Both expire on 1 March UTC evening; in Tokyo (UTC+9) the second one is already 2 March.
        var history = new History()
            .Violation("v1", At(2026, 3, 1, 10) - Duration.FromDays(90), points: 2)
            .Violation("v2", At(2026, 3, 1, 16) - Duration.FromDays(90), points: 3)
            .Violation("v3", At(2026, 3, 1, 17) - Duration.FromDays(90), points: 4);
        var now = At(2026, 2, 1);

        var utc = Calculate(history, now).PointsExpiring;
        var tokyo = Calculate(history.InZone("Asia/Tokyo"), now).PointsExpiring;

        Assert.Equal([new PointsExpiry(new LocalDate(2026, 3, 1), 9)], utc);
        Assert.Equal([new PointsExpiry(new LocalDate(2026, 3, 1), 2), new PointsExpiry(new LocalDate(2026, 3, 2), 7)], tokyo);
    }

    [Fact]
    public void An_unknown_time_zone_falls_back_to_utc()
    {
        var standing = Calculate(new History().InZone("Mars/Olympus_Mons"), At(2026, 1, 1));

        Assert.Equal(DateTimeZone.Utc, standing.Zone);
    }

    [Fact]
    public void Configured_rules_replace_the_defaults()
    {
        var rules = new StandingRules(
            Duration.FromDays(30),
            new MilestoneLadder([new Milestone("warning", "Warning", 5, "A warning."), new Milestone("ban", "Ban", 10, "Banned.")]),
            new RepeatViolationRule(3, Duration.FromDays(7), "ban"));
        var now = At(2026, 1, 31);
        var history = new History()
            .Violation("old", now - Duration.FromDays(30), points: 20)
            .Violation("new", now - Duration.FromDays(1), points: 6)
            .Build();

        var standing = StandingCalculator.Calculate(history, now, rules);

        Assert.Equal(6, standing.ActivePoints);
        Assert.Equal("warning", standing.CurrentMilestone?.Milestone.Key);
        Assert.Equal(4, standing.PointsToNextMilestone);
    }
}
