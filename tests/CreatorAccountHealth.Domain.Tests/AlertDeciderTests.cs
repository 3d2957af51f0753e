using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.History;

namespace CreatorAccountHealth.Domain.Tests;

public class AlertDeciderTests
{
    private static readonly StandingRules Rules = StandingRules.Default;
    private static readonly PolicyCatalog Catalog = new(
    [
        Policy("spam", 1),
        Policy("harm", 4),
    ]);

    private static PolicyDefinition Policy(string code, int points) => new(
        code, code, "Summary.", Severity.Moderate, points, code + "-quiz",
        new EducationLinks(new Uri($"https://academy.example/{code}"), null, null), []);

    /// <summary>Replays a creator's life one violation at a time, deciding alerts as the webhook does.</summary>
    private sealed class Creator
    {
        private readonly List<Violation> violations = [];
        private readonly List<Overturn> overturns = [];

        public AlertState State { get; private set; } = AlertState.Initial;

        public List<MilestoneAlert> Sent { get; } = [];

        public IReadOnlyList<MilestoneAlert> Issue(string id, int points, Instant at, string policy = "harm")
        {
            var before = Standing(at);
            violations.Add(new Violation(id, "c1", policy, Surface.Video, "content", at, points, null));
            return Decide(before, at);
        }

        public IReadOnlyList<MilestoneAlert> Overturn(string id, Instant at)
        {
            var before = Standing(at);
            overturns.Add(new Overturn(id, "c1", at));
            return Decide(before, at);
        }

        /// <summary>The same event again: nothing changes between before and after.</summary>
        public IReadOnlyList<MilestoneAlert> Repeat(Instant at) => Decide(Standing(at), at);

        private IReadOnlyList<MilestoneAlert> Decide(CreatorStanding before, Instant at)
        {
            var decision = AlertDecider.Decide(before, Standing(at), State, Rules, approachWithinPoints: 2, Catalog);
            State = decision.State;
            Sent.AddRange(decision.Alerts);
            return decision.Alerts;
        }

        private CreatorStanding Standing(Instant at) =>
            StandingCalculator.Calculate(new CreatorHistory("c1", null, violations.ToList(), overturns.ToList(), []), at, Rules);
    }

    private static readonly Instant Start = At(2026, 3, 1);

    private static Instant Day(int n) => Start + Duration.FromDays(n);

    [Fact]
    public void Nothing_is_sent_far_from_a_milestone()
    {
        Assert.Empty(new Creator().Issue("v1", 4, Day(0)));
    }

    [Fact]
    public void Coming_within_two_points_sends_one_approaching_alert()
    {
        var creator = new Creator();
        creator.Issue("v1", 8, Day(0));

        var alert = Assert.Single(creator.Issue("v2", 2, Day(1)));

        Assert.Equal(AlertKind.Approaching, alert.Kind);
        Assert.Equal("formal-warning", alert.Milestone.Key);
        Assert.Equal(10, alert.ActivePoints);
        Assert.Equal(2, alert.PointsAway);
        Assert.Equal(["v2", "v1"], alert.CausedBy.Select(v => v.Violation.Id));
        Assert.Equal(1, alert.Episode);
    }

    [Fact]
    public void Three_points_away_is_not_approaching()
    {
        var creator = new Creator();

        Assert.Empty(creator.Issue("v1", 9, Day(0)));
    }

    [Fact]
    public void Reaching_a_milestone_sends_a_reached_alert_naming_its_enforcement()
    {
        var creator = new Creator();
        creator.Issue("v1", 10, Day(0));

        var alert = Assert.Single(creator.Issue("v2", 2, Day(1)));

        Assert.Equal(AlertKind.Reached, alert.Kind);
        Assert.Equal("formal-warning", alert.Milestone.Key);
        Assert.Equal(MilestoneReason.Points, alert.ReachedBy);
        Assert.Contains("warning", alert.Milestone.Enforcement, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, alert.PointsAway);
    }

    [Fact]
    public void Repeated_or_later_events_never_repeat_an_alert()
    {
        var creator = new Creator();
        creator.Issue("v1", 12, Day(0));

        Assert.Empty(creator.Repeat(Day(0)));
        Assert.Empty(creator.Issue("v2", 1, Day(1)));
        Assert.Single(creator.Sent);
    }

    [Fact]
    public void Falling_below_through_an_overturn_and_rising_again_re_arms()
    {
        var creator = new Creator();
        creator.Issue("v1", 12, Day(0));
        creator.Overturn("v1", Day(1));

        var again = Assert.Single(creator.Issue("v2", 12, Day(2)));

        Assert.Equal(AlertKind.Reached, again.Kind);
        Assert.Equal(2, again.Episode);
    }

    [Fact]
    public void Falling_below_through_expiry_between_events_re_arms()
    {
        var creator = new Creator();
        creator.Issue("v1", 12, Day(0));

        // v1 expired on day 90; nothing happened in between, the next event sees the drop in its "before".
        var again = Assert.Single(creator.Issue("v2", 12, Day(95)));

        Assert.Equal(AlertKind.Reached, again.Kind);
        Assert.Equal("formal-warning", again.Milestone.Key);
    }

    [Fact]
    public void Dropping_back_into_the_approach_zone_does_not_repeat_approaching()
    {
        var creator = new Creator();
        creator.Issue("v1", 10, Day(0));
        creator.Issue("v2", 2, Day(1));
        creator.Overturn("v2", Day(2));

        Assert.Empty(creator.Issue("v3", 0, Day(3)));
        Assert.Equal([AlertKind.Approaching, AlertKind.Reached], creator.Sent.Select(a => a.Kind));
    }

    [Fact]
    public void Jumping_over_several_milestones_sends_one_alert_for_the_highest()
    {
        var creator = new Creator();

        var alerts = creator.Issue("v1", 46, Day(0));

        var reached = Assert.Single(alerts, a => a.Kind == AlertKind.Reached);
        Assert.Equal("suspension-30-days", reached.Milestone.Key);
        var approaching = Assert.Single(alerts, a => a.Kind == AlertKind.Approaching);
        Assert.Equal("permanent-removal", approaching.Milestone.Key);
        Assert.Empty(creator.Issue("v2", 0, Day(1)));
    }

    [Fact]
    public void The_repeat_rule_reaching_removal_is_a_reached_alert_for_removal()
    {
        var creator = new Creator();
        for (var i = 0; i < 5; i++)
        {
            creator.Issue($"s{i}", 1, Day(i), policy: "spam");
        }

        var alert = Assert.Single(creator.Issue("s5", 1, Day(5), policy: "spam"));

        Assert.Equal("permanent-removal", alert.Milestone.Key);
        Assert.Equal(MilestoneReason.RepeatViolations, alert.ReachedBy);
        Assert.Equal("spam", alert.RepeatedPolicyCode);
    }

    [Fact]
    public void Alerts_suggest_the_quizzes_still_open_with_their_last_moment()
    {
        var creator = new Creator();
        creator.Issue("old", 6, At(2026, 1, 10));

        var alert = Assert.Single(creator.Issue("new", 4, At(2026, 3, 20)));

        // The January violation's quiz closed at the end of February; March's stays open until the end of April.
        var quiz = Assert.Single(alert.Quizzes);
        Assert.Equal("new", quiz.ViolationId);
        Assert.Equal("harm-quiz", quiz.QuizType);
        Assert.Equal(At(2026, 5, 1, 0), quiz.AvailableUntil);
    }
}
