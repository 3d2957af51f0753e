using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using FsCheck.Xunit;
using NodaTime;

namespace CreatorAccountHealth.Domain.Tests;

public class CreatorAccountTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 11, 20, 12, 0);
    private static readonly AccountRetention Retention = AccountRetention.For(StandingRules.Default);

    /// <summary>
    /// A creator's events over two years: some long expired, overturns before and after their violation (and of
    /// violations we never saw), notices old and new, profile updates at the same instant, quiz ledger copies taken
    /// before and after grading.
    /// </summary>
    private static readonly AccountEvent[] Pool = BuildPool();

    private static AccountEvent[] BuildPool()
    {
        var events = new List<AccountEvent>();
        for (var i = 0; i < 16; i++)
        {
            var issuedAt = Now - Duration.FromDays(i * 47 % 700) - Duration.FromHours(i);
            events.Add(new ViolationIssued(new Violation($"v{i}", "c", i % 3 == 0 ? "spam" : "dangerous-acts", Surface.Video, $"content-{i}", issuedAt, 1 + (i % 5), i % 2 == 0 ? $"message {i}" : null)));
        }

        events.Add(new ViolationOverturned(new Overturn("v1", "c", Now - Duration.FromDays(30))));
        events.Add(new ViolationOverturned(new Overturn("v4", "c", Now - Duration.FromDays(1))));
        events.Add(new ViolationOverturned(new Overturn("v-never-seen", "c", Now - Duration.FromDays(2))));
        events.Add(new ViolationOverturned(new Overturn("v-old-never-seen", "c", Now - Duration.FromDays(600))));
        for (var i = 0; i < 6; i++)
        {
            events.Add(new NoticeSent(new Notice($"n{i}", "c", Surface.Livestream, null, Now - Duration.FromDays(i * 9), $"title {i}", $"body {i}")));
        }

        var at = Now - Duration.FromDays(5);
        events.Add(new ProfileUpdated(new CreatorProfile("c", "a@example.com", "A", "en", "Europe/Paris", at), "e-1"));
        events.Add(new ProfileUpdated(new CreatorProfile("c", "b@example.com", "B", "fr", "Europe/Paris", at), "e-2"));
        events.Add(new ProfileUpdated(new CreatorProfile("c", "old@example.com", "Old", null, null, at - Duration.FromDays(100)), "e-9"));
        events.Add(new WorkshopAttended(new TrainingAttendance("trn-1", "Safety", "Lyon", Now - Duration.FromDays(3), Now - Duration.FromDays(3) + Duration.FromHours(2), "Europe/Paris", Now - Duration.FromDays(3))));
        events.Add(new WorkshopAttended(new TrainingAttendance("trn-0", "Old", "Paris", Now - Duration.FromDays(500), Now - Duration.FromDays(500), "Europe/Paris", Now - Duration.FromDays(500))));

        var started = new QuizAttempt("att-1", "v0", Now - Duration.FromDays(2), Now - Duration.FromDays(2) + Duration.FromMinutes(20));
        var graded = started with { GradedAt = Now - Duration.FromDays(2) + Duration.FromMinutes(5) };
        var removal = new PointRemoval("v0", "safety-basics", graded.GradedAt!.Value);
        events.Add(new QuizzesRecorded([started], []));
        events.Add(new QuizzesRecorded([graded], [removal]));
        events.Add(new QuizzesRecorded([graded, new QuizAttempt("att-2", "v2", Now - Duration.FromDays(1))], [removal]));
        return [.. events];
    }

    [Property(MaxTest = 300)]
    public bool Any_order_and_any_repetition_of_events_makes_the_account_applying_each_once_in_order_makes(int seed, byte[] picks)
    {
        var chosen = picks.Select(p => Pool[p % Pool.Length]).ToList();
        var once = chosen.Distinct().ToList();
        var inOrder = CreatorAccount.Rebuild("c", once, Now, Retention);

        // Shuffled, with some events delivered again.
        var random = new Random(seed);
        var delivered = chosen.Concat(chosen.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();
        var shuffled = CreatorAccount.Rebuild("c", delivered, Now, Retention);

        return shuffled.SameAs(inOrder);
    }

    [Fact]
    public void Entries_that_can_no_longer_count_are_pruned_and_those_that_can_are_kept()
    {
        var account = CreatorAccount.Rebuild("c", Pool, Now, Retention);

        Assert.All(account.Violations, v => Assert.True(v.IssuedAt > Now - Retention.KeepFor));
        Assert.Contains(account.Violations, v => v.Id == "v1");
        Assert.DoesNotContain(account.Violations, v => v.IssuedAt < Now - Duration.FromDays(400));
        Assert.DoesNotContain(account.Overturns, o => o.ViolationId == "v-old-never-seen");
        Assert.Contains(account.Overturns, o => o.ViolationId == "v-never-seen");
        Assert.Equal(["n0", "n1", "n2", "n3"], account.Notices.Select(n => n.Id).OrderBy(id => id));
        Assert.Equal(["trn-1"], account.Attended.Select(a => a.TrainingId));
        Assert.Equal("message 0", account.Violations.Single(v => v.Id == "v0").Message);
        Assert.Null(account.Violations.Single(v => v.Id == "v4").Message); // 188 days old: kept for the rules, not its text
        Assert.Equal("B", account.Profile!.DisplayName); // same instant: the higher event id wins, whatever the order
        Assert.Equal(2, account.QuizAttempts.Count);
        Assert.NotNull(account.QuizAttempts.Single(a => a.AttemptId == "att-1").GradedAt);
        Assert.Single(account.Removals);
    }

    [Fact]
    public void The_standing_from_the_account_is_the_standing_from_the_whole_history()
    {
        var account = CreatorAccount.Rebuild("c", Pool, Now, Retention);
        var whole = new CreatorHistory(
            "c",
            account.Profile,
            Pool.OfType<ViolationIssued>().Select(v => v.Violation).ToList(),
            Pool.OfType<ViolationOverturned>().Select(o => o.Overturn).ToList(),
            Pool.OfType<NoticeSent>().Select(n => n.Notice).ToList(),
            account.Removals);

        var fromAccount = StandingCalculator.Calculate(account.ToHistory(), Now, StandingRules.Default);
        var fromHistory = StandingCalculator.Calculate(whole, Now, StandingRules.Default);

        Assert.Equal(fromHistory.ActivePoints, fromAccount.ActivePoints);
        Assert.Equal(fromHistory.CurrentMilestone, fromAccount.CurrentMilestone);
        Assert.Equal(fromHistory.ActiveViolations, fromAccount.ActiveViolations);
        Assert.Equal(fromHistory.RepeatedPolicies, fromAccount.RepeatedPolicies);
    }

    [Fact]
    public void Two_thousand_active_violations_with_the_longest_messages_stay_within_the_bound_and_all_count()
    {
        var events = Enumerable.Range(0, 2_000)
            .Select(i => new ViolationIssued(new Violation($"violation-{i:D6}", "c", "dangerous-acts", Surface.Video, $"content-{i:D6}", Now - Duration.FromMinutes(i), 1, new string('m', 2000))))
            .Cast<AccountEvent>()
            .Concat(Enumerable.Range(0, 200).Select(i => new NoticeSent(new Notice($"n{i}", "c", Surface.Video, null, Now - Duration.FromMinutes(i), new string('t', 200), new string('b', 4000)))))
            .ToList();

        var account = CreatorAccount.Rebuild("c", events, Now, Retention);

        Assert.True(account.EstimatedChars() <= Retention.MaxEstimatedChars);
        Assert.Equal(2_000, account.Violations.Count);
        Assert.Empty(account.Notices); // the oldest notices went first: all of them, before any message
        Assert.Equal(2_000, StandingCalculator.Calculate(account.ToHistory(), Now, StandingRules.Default).ActivePoints);

        // The newest messages are the ones kept.
        Assert.NotNull(account.Violations.Single(v => v.Id == "violation-000000").Message);
        Assert.Null(account.Violations.Single(v => v.Id == "violation-001999").Message);
    }

    [Fact]
    public void Over_the_bound_the_oldest_notices_go_first()
    {
        var notices = Enumerable.Range(0, 400)
            .Select(i => (AccountEvent)new NoticeSent(new Notice($"n{i:D3}", "c", Surface.Video, null, Now - Duration.FromMinutes(i), new string('t', 200), new string('b', 4000))));
        var violation = new ViolationIssued(new Violation("v", "c", "spam", Surface.Video, "x", Now, 3, "why"));

        var account = CreatorAccount.Rebuild("c", [.. notices, violation], Now, Retention);

        Assert.True(account.Notices.Count is > 0 and < 400);
        Assert.Equal("n000", account.Notices[^1].Id);
        Assert.DoesNotContain(account.Notices, n => n.Id == "n399");
        Assert.Equal("why", account.Violations.Single().Message);
    }

    [Fact]
    public void Retention_covers_every_window_the_rules_read()
    {
        var rules = StandingRules.Default;
        Assert.True(Retention.KeepFor > rules.PointsActiveFor);
        Assert.True(Retention.KeepFor > rules.RepeatRule.Window);
        Assert.True(Retention.KeepFor > Duration.FromDays(InvitationRule.MaxWithinDays));
    }
}
