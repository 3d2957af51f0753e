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

    /// <summary>
    /// The events of <see cref="Pool"/> applied one by one over a month, in any order, some twice, as the store applies them:
    /// after each, a due move goes to the archive first, and sometimes the account's write then fails (a crash, a lost
    /// race), so the event is applied again from the account as it was, its moved violations already archived. The whole
    /// account (hot + archive) is always what one account that never moved anything would be, and the hot part never
    /// holds a violation more than a batch past the hot window.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool Moving_to_the_archive_in_batches_never_loses_or_doubles_a_violation(int seed, byte[] picks)
    {
        var chosen = picks.Select(p => Pool[p % Pool.Length]).ToList();
        var random = new Random(seed);
        var delivered = chosen.Concat(chosen.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();
        var start = Now - Duration.FromDays(30);
        var step = delivered.Count == 0 ? Duration.Zero : Duration.FromDays(30) / delivered.Count;

        var account = CreatorAccount.Empty("c");
        var archive = ViolationArchive.Empty("c");
        var hotInvariant = true;
        for (var i = 0; i < delivered.Count; i++)
        {
            var at = start + (step * (i + 1));
            var next = account.Apply(delivered[i], at, Retention);
            if (next.MoveToArchive(at, Retention) is { } move)
            {
                archive = archive.Merge(move.Moved, at, Retention);
                if (random.Next(4) == 0)
                {
                    i--; // the account's write failed after the archive's: the event is delivered again
                    continue;
                }

                next = move.Account;
            }

            account = next;
            hotInvariant &= account.Violations.All(v => v.IssuedAt > at - Retention.HotFor - Retention.ArchiveEvery);
        }

        var whole = account.WithArchive(archive, Now, Retention);
        var never = CreatorAccount.Rebuild("c", delivered, Now, Retention);
        var wholeStanding = StandingCalculator.Calculate(whole.ToHistory(), Now, StandingRules.Default);
        var hotStanding = StandingCalculator.Calculate(account.ToHistory(), Now, StandingRules.Default);
        return hotInvariant
            && whole.SameAs(never)
            && whole.IsUnknown == never.IsUnknown
            && account.IsUnknown == never.IsUnknown
            && hotStanding.ActivePoints == wholeStanding.ActivePoints
            && Equals(hotStanding.CurrentMilestone, wholeStanding.CurrentMilestone);
    }

    [Fact]
    public void Violations_move_to_the_archive_only_once_the_oldest_is_a_batch_past_the_hot_window_and_then_all_past_it()
    {
        var boundary = Now - Retention.HotFor - Retention.ArchiveEvery;
        var justInside = new Violation("v-inside", "c", "spam", Surface.Video, "x", boundary + Duration.FromMinutes(1), 2, "why");
        var pastHot = new Violation("v-past-hot", "c", "spam", Surface.Video, "x", Now - Retention.HotFor - Duration.FromDays(1), 2, "why");
        var recent = new Violation("v-recent", "c", "spam", Surface.Video, "x", Now - Duration.FromDays(3), 2, "why");
        var account = CreatorAccount.Rebuild("c", [new ViolationIssued(justInside), new ViolationIssued(pastHot), new ViolationIssued(recent)], Now, Retention);

        Assert.Null(account.MoveToArchive(Now, Retention));

        var atBoundary = new Violation("v-boundary", "c", "spam", Surface.Video, "x", boundary, 2, null);
        var move = account.Apply(new ViolationIssued(atBoundary), Now, Retention).MoveToArchive(Now, Retention);

        Assert.NotNull(move);
        Assert.Equal(["v-boundary", "v-inside", "v-past-hot"], move.Moved.Select(v => v.Id));
        Assert.All(move.Moved, v => Assert.Null(v.Message));
        Assert.Equal(["v-recent"], move.Account.Violations.Select(v => v.Id));
        Assert.Equal(pastHot.IssuedAt, move.Account.ArchivedUntil);

        // A rebuild moves everything past the hot window at once.
        Assert.Equal(["v-inside", "v-past-hot"], account.MoveToArchive(Now, Retention, all: true)!.Moved.Select(v => v.Id));
    }

    [Fact]
    public void An_account_whose_violations_are_all_archived_is_still_known_until_they_can_no_longer_count()
    {
        var old = new Violation("v-old", "c", "spam", Surface.Video, "x", Now - Duration.FromDays(200), 2, null);
        var move = CreatorAccount.Rebuild("c", [new ViolationIssued(old)], Now, Retention).MoveToArchive(Now, Retention)!;

        Assert.Empty(move.Account.Violations);
        Assert.False(move.Account.IsUnknown);
        Assert.True(move.Account.ToHistory().HasViolations);

        // Once the archived violation is past what an account keeps, the next write forgets the archive.
        var later = Now + Retention.KeepFor;
        var pruned = move.Account.Apply(new NoticeSent(new Notice("n", "c", Surface.Video, null, later, "t", "b")), later, Retention);
        Assert.Null(pruned.ArchivedUntil);
        Assert.Empty(ViolationArchive.Empty("c").Merge(move.Moved, later, Retention).Violations);
    }

    [Fact]
    public void Merging_the_same_move_twice_changes_nothing()
    {
        var old = Enumerable.Range(0, 3).Select(i => new Violation($"v{i}", "c", "spam", Surface.Video, "x", Now - Duration.FromDays(150 + i), 2, null)).ToList();
        var once = ViolationArchive.Empty("c").Merge(old, Now, Retention);

        Assert.True(once.Merge(old, Now, Retention).SameAs(once));
        Assert.True(once.Merge(old.Take(1), Now, Retention).SameAs(once));
        Assert.Equal(3, once.Violations.Count);
    }

    [Fact]
    public void The_hot_window_is_every_window_but_the_invitation_lookback_plus_the_margin()
    {
        var rules = StandingRules.Default;
        Assert.Equal(Duration.Max(Duration.Max(rules.PointsActiveFor, rules.RepeatRule.Window), AccountRetention.LongestQuizWindow) + AccountRetention.Margin, Retention.HotFor);
        Assert.Equal(Duration.FromDays(104), Retention.HotFor);
        Assert.True(Retention.KeepFor > Retention.HotFor);

        // A longer points window makes a longer hot window: nothing is hard-coded.
        var longer = AccountRetention.For(rules with { PointsActiveFor = Duration.FromDays(180) });
        Assert.Equal(Duration.FromDays(194), longer.HotFor);
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
