using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Tests.Trainings;

public class InvitationRuleTests
{
    private static readonly Instant Now = History.At(2026, 11, 27);
    private static readonly StandingRules Rules = StandingRules.Default;

    [Fact]
    public void A_recent_violation_of_a_listed_policy_matches_within_exactly_n_days()
    {
        var rule = new InvitationRule(["counterfeit", "spam"], 30, null);

        Assert.True(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(30) + Duration.Epsilon, policy: "spam").Build(), Now, Rules));
        Assert.False(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(30), policy: "spam").Build(), Now, Rules));
        Assert.False(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(1), policy: "dangerous-acts").Build(), Now, Rules));
    }

    [Fact]
    public void A_rule_looking_back_a_year_sees_a_300_day_old_violation_in_the_archive_and_only_such_rules_read_it()
    {
        var retention = AccountRetention.For(Rules);
        var old = new Violation("v-old", "c", "spam", Surface.Video, "x", Now - Duration.FromDays(300), 2, "why");
        var recent = new Violation("v-new", "c", "dangerous-acts", Surface.Video, "x", Now - Duration.FromDays(1), 10, null);
        var move = CreatorAccount.Rebuild("c", [new ViolationIssued(old), new ViolationIssued(recent)], Now, retention).MoveToArchive(Now, retention)!;
        var archive = ViolationArchive.Empty("c").Merge(move.Moved, Now, retention);
        var yearRule = new InvitationRule(["spam"], 365, null);

        Assert.True(retention.NeedsArchive(yearRule.Lookback(Rules)));
        Assert.False(yearRule.Matches(move.Account.ToHistory(), Now, Rules)); // the hot part alone doesn't hold it
        Assert.True(yearRule.Matches(move.Account.WithArchive(archive, Now, retention).ToHistory(), Now, Rules));

        // Rules within the hot window never need the archive.
        Assert.False(retention.NeedsArchive(new InvitationRule(["spam"], 90, null).Lookback(Rules)));
        Assert.False(retention.NeedsArchive(new InvitationRule(null, null, "formal-warning").Lookback(Rules)));
        Assert.True(retention.NeedsArchive(new InvitationRule(["spam"], 91, null).Lookback(Rules)));
    }

    [Fact]
    public void An_overturned_violation_does_not_match()
    {
        var rule = new InvitationRule(["spam"], 30, null);
        var history = new History().Violation("v1", Now - Duration.FromDays(2), policy: "spam").Overturn("v1", Now - Duration.FromDays(1)).Build();

        Assert.False(rule.Matches(history, Now, Rules));
    }

    [Fact]
    public void A_milestone_matches_creators_at_it_or_above()
    {
        var rule = new InvitationRule(null, null, "suspension-7-days");

        Assert.False(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(1), points: 23).Build(), Now, Rules));
        Assert.True(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(1), points: 24).Build(), Now, Rules));
        Assert.True(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(1), points: 40).Build(), Now, Rules));
        Assert.False(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(91), points: 40).Build(), Now, Rules), "expired points");
    }

    [Fact]
    public void Both_criteria_must_hold_when_both_are_given()
    {
        var rule = new InvitationRule(["spam"], 7, "formal-warning");

        Assert.True(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(1), points: 12, policy: "spam").Build(), Now, Rules));
        Assert.False(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(1), points: 4, policy: "spam").Build(), Now, Rules));
        Assert.False(rule.Matches(new History().Violation("v1", Now - Duration.FromDays(10), points: 12, policy: "spam").Build(), Now, Rules));
    }

    [Fact]
    public void The_lookback_covers_every_creator_the_rule_can_match()
    {
        Assert.Equal(Duration.FromDays(30), new InvitationRule(["spam"], 30, null).Lookback(Rules));
        Assert.Equal(Duration.FromDays(90), new InvitationRule(null, null, "formal-warning").Lookback(Rules));
        Assert.Equal(Duration.FromDays(200), new InvitationRule(["spam"], 200, "formal-warning").Lookback(Rules));
    }

    [Fact]
    public void Rule_problems_name_their_fields()
    {
        bool Known(string code) => code == "spam";

        Assert.Equal(["rule"], new InvitationRule(null, null, null).Problems(Rules, Known).Keys);
        Assert.Equal(["rule.withinDays"], new InvitationRule(["spam"], null, null).Problems(Rules, Known).Keys);
        Assert.Equal(["rule.policyCodes"], new InvitationRule(["nope"], 5, null).Problems(Rules, Known).Keys);
        Assert.Equal(["rule.policyCodes"], new InvitationRule(null, 5, null).Problems(Rules, Known).Keys);
        Assert.Equal(["rule.milestone"], new InvitationRule(null, null, "exile").Problems(Rules, Known).Keys);
        Assert.Empty(new InvitationRule(["spam"], 5, "formal-warning").Problems(Rules, Known));
    }
}
