using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.History;

namespace CreatorAccountHealth.Domain.Tests;

public class QuizRulesTests
{
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    [Theory]
    [InlineData(0, null)]
    [InlineData(2, null)]
    [InlineData(3, QuizRefusal.NoAttemptsLeft)]
    public void Three_tries_per_quiz(int used, QuizRefusal? expected)
    {
        Assert.Equal(expected, QuizRules.CanStartAttempt(At(2026, 1, 10), overturned: false, used, At(2026, 1, 11), Utc));
    }

    [Theory]
    [InlineData(2026, 2, 28, 23, 59, 59, null)] // 31 January → last second of 28 February
    [InlineData(2026, 3, 1, 0, 0, 0, QuizRefusal.WindowClosed)]
    public void A_violation_of_31_January_can_be_quizzed_until_the_end_of_February(int y, int m, int d, int h, int min, int s, QuizRefusal? expected)
    {
        Assert.Equal(expected, QuizRules.CanStartAttempt(At(2026, 1, 31, 9), false, 0, At(y, m, d, h, min, s), Utc));
    }

    [Fact]
    public void In_a_leap_year_the_window_includes_29_February()
    {
        Assert.Null(QuizRules.CanStartAttempt(At(2028, 1, 31, 9), false, 0, At(2028, 2, 29, 23, 59, 59), Utc));
        Assert.Equal(QuizRefusal.WindowClosed, QuizRules.CanStartAttempt(At(2028, 1, 31, 9), false, 0, At(2028, 3, 1, 0), Utc));
    }

    [Fact]
    public void The_window_closes_at_local_midnight_in_the_creators_zone()
    {
        var losAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

        // Issued 10 January (PST, UTC-8): open until 28 February 23:59:59 PST = 1 March 07:59:59 UTC.
        Assert.Null(QuizRules.CanStartAttempt(At(2026, 1, 10), false, 0, At(2026, 3, 1, 7, 59, 59), losAngeles));
        Assert.Equal(QuizRefusal.WindowClosed, QuizRules.CanStartAttempt(At(2026, 1, 10), false, 0, At(2026, 3, 1, 8), losAngeles));
    }

    [Fact]
    public void An_overturned_violation_closes_its_quiz()
    {
        Assert.Equal(QuizRefusal.Overturned, QuizRules.CanStartAttempt(At(2026, 1, 10), overturned: true, 0, At(2026, 1, 11), Utc));
    }

    [Fact]
    public void The_next_removal_is_possible_from_the_start_of_the_30th_local_day()
    {
        var removedAt = At(2026, 1, 1, 18);

        Assert.Equal(At(2026, 1, 31, 0), QuizRules.NextRemovalPossibleAt(removedAt, Utc));

        // 1 January 18:00 UTC is already 2 January in Tokyo: the day count starts there.
        Assert.Equal(Instant.FromUtc(2026, 1, 31, 15, 0), QuizRules.NextRemovalPossibleAt(removedAt, DateTimeZoneProviders.Tzdb["Asia/Tokyo"]));
    }
}

public class PointRemovalRulesTests
{
    private static readonly StandingRules Rules = StandingRules.Default;

    private static CreatorHistory History(params PointRemoval[] removals) => new(
        "c1",
        null,
        [
            new Violation("a", "c1", "spam", Surface.Video, "x", At(2026, 1, 1), 4, null),
            new Violation("b", "c1", "spam", Surface.Video, "y", At(2026, 1, 2), 4, null),
            new Violation("c", "c1", "harm", Surface.Video, "z", At(2026, 1, 2), 1, null),
        ],
        [],
        [],
        removals);

    [Fact]
    public void A_first_pass_removes_one_point_and_the_standing_shows_it()
    {
        var history = History();

        Assert.Equal(RemovalOutcome.Removed, PointRemovalRules.Decide(history, "a", "spam-quiz", At(2026, 1, 5), Rules).Outcome);
        var after = History(new PointRemoval("a", "spam-quiz", At(2026, 1, 5)));
        Assert.Equal(8, StandingCalculator.Calculate(after, At(2026, 1, 6), Rules).ActivePoints);
        Assert.Equal(9, StandingCalculator.Calculate(after, At(2026, 1, 4), Rules).ActivePoints);
    }

    [Theory]
    [InlineData(30, 23, RemovalOutcome.Cooldown)] // 30 January, last hour: the 29th day after
    [InlineData(31, 0, RemovalOutcome.Removed)] // 31 January: the 30th day after
    [InlineData(31, 12, RemovalOutcome.Removed)]
    public void The_same_quiz_type_removes_again_only_after_30_calendar_days(int day, int hour, RemovalOutcome expected)
    {
        var history = History(new PointRemoval("a", "spam-quiz", At(2026, 1, 1, 18)));

        var decision = PointRemovalRules.Decide(history, "b", "spam-quiz", At(2026, 1, day, hour), Rules);

        Assert.Equal(expected, decision.Outcome);
        if (expected == RemovalOutcome.Cooldown)
        {
            Assert.Equal(At(2026, 1, 31, 0), decision.NextPossibleAt);
        }
    }

    [Fact]
    public void Two_quiz_types_can_each_remove_a_point_on_the_same_day()
    {
        var history = History(new PointRemoval("a", "spam-quiz", At(2026, 1, 5, 9)));

        Assert.Equal(RemovalOutcome.Removed, PointRemovalRules.Decide(history, "c", "harm-quiz", At(2026, 1, 5, 10), Rules).Outcome);
    }

    [Fact]
    public void A_violation_without_points_left_removes_nothing()
    {
        var removedOnce = History(new PointRemoval("c", "harm-quiz", At(2026, 1, 3)));

        Assert.Equal(RemovalOutcome.NoPointsLeft, PointRemovalRules.Decide(removedOnce, "c", "harm-quiz", At(2026, 3, 1), Rules).Outcome);
        Assert.Equal(RemovalOutcome.NoPointsLeft, PointRemovalRules.Decide(History(), "a", "spam-quiz", At(2026, 4, 2), Rules).Outcome);
        var overturned = History() with { Overturns = [new Overturn("a", "c1", At(2026, 1, 3))] };
        Assert.Equal(RemovalOutcome.NoPointsLeft, PointRemovalRules.Decide(overturned, "a", "spam-quiz", At(2026, 1, 4), Rules).Outcome);
    }
}

public class QuizDrawAndGradeTests
{
    private static readonly PolicyDefinition Policy = new(
        "spam", "Spam", "Summary.", Severity.Minor, 2, "spam-quiz",
        new EducationLinks(new Uri("https://academy.example/spam"), null, null),
        Enumerable.Range(1, 6).Select(i => new QuizQuestion(
            $"q{i}", $"Question {i}?", [new("a", "A"), new("b", "B"), new("c", "C"), new("d", "D")], "c", $"Because {i}.")).ToList());

    [Fact]
    public void An_attempt_draws_three_distinct_questions_fixed_for_that_attempt()
    {
        var first = QuizDraw.Draw(Policy, "attempt-1");

        Assert.Equal(3, first.Count);
        Assert.Equal(3, first.Select(q => q.QuestionId).Distinct().Count());
        Assert.Equal(first, QuizDraw.Draw(Policy, "attempt-1"), new DrawnComparer());
        Assert.All(first, q => Assert.Equal(["a", "b", "c", "d"], q.OptionOrder.Order()));
    }

    [Fact]
    public void Different_attempts_draw_differently()
    {
        var draws = Enumerable.Range(1, 20).Select(i => string.Join(",", QuizDraw.Draw(Policy, $"attempt-{i}").SelectMany(q => q.OptionOrder.Prepend(q.QuestionId))));

        Assert.True(draws.Distinct().Count() > 10);
    }

    [Fact]
    public void All_correct_passes_with_explanations()
    {
        var drawn = QuizDraw.Draw(Policy, "attempt-1");

        var grade = QuizGrader.Grade(Policy, drawn, drawn.Select(q => new QuizAnswer(q.QuestionId, "c")).ToList(), passMark: 3);

        Assert.True(grade.Passed);
        Assert.Equal(3, grade.Score);
        Assert.All(grade.Questions, q => Assert.StartsWith("Because", q.Explanation));
    }

    [Fact]
    public void One_wrong_answer_fails_at_the_default_pass_mark_but_passes_at_two()
    {
        var drawn = QuizDraw.Draw(Policy, "attempt-1");
        var answers = drawn.Select((q, i) => new QuizAnswer(q.QuestionId, i == 0 ? "a" : "c")).ToList();

        Assert.False(QuizGrader.Grade(Policy, drawn, answers, passMark: 3).Passed);
        Assert.True(QuizGrader.Grade(Policy, drawn, answers, passMark: 2).Passed);
    }

    [Fact]
    public void Missing_foreign_repeated_and_unknown_option_answers_are_each_named()
    {
        var drawn = QuizDraw.Draw(Policy, "attempt-1");
        var foreign = Policy.QuizBank.Select(q => q.Id).First(id => drawn.All(d => d.QuestionId != id));
        var answers = new List<QuizAnswer>
        {
            new(drawn[0].QuestionId, "a"),
            new(drawn[0].QuestionId, "b"),
            new(drawn[1].QuestionId, "z"),
            new(foreign, "a"),
        };

        var problems = QuizGrader.Check(Policy, drawn, answers);

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.QuestionId == drawn[2].QuestionId && p.Problem == "Not answered.");
        Assert.Throws<ArgumentException>(() => QuizGrader.Grade(Policy, drawn, answers, 3));
    }

    private sealed class DrawnComparer : IEqualityComparer<DrawnQuestion>
    {
        public bool Equals(DrawnQuestion? x, DrawnQuestion? y) => x!.QuestionId == y!.QuestionId && x.OptionOrder.SequenceEqual(y.OptionOrder);

        public int GetHashCode(DrawnQuestion obj) => obj.QuestionId.GetHashCode();
    }
}

public class QuizOverviewTests
{
    private static readonly PolicyCatalog Catalog = new(
    [
        new PolicyDefinition("spam", "Spam", "Summary.", Severity.Minor, 4, "spam-quiz", new EducationLinks(new Uri("https://academy.example/spam"), null, null), []),
        new PolicyDefinition("bulk-spam", "Bulk spam", "Summary.", Severity.Minor, 4, "spam-quiz", new EducationLinks(new Uri("https://academy.example/bulk"), null, null), []),
    ]);

    private static CreatorHistory Creator(string? zone = null) => new History("c1")
        .InZone(zone)
        .Violation("a", At(2026, 1, 31, 9), policy: "spam")
        .Violation("b", At(2026, 1, 20), policy: "bulk-spam")
        .Violation("gone", At(2026, 1, 10), policy: "retired-policy")
        .Build();

    private static QuizStatus Status(CreatorHistory history, string violationId, Instant now) =>
        QuizOverview.All(history, Catalog, now, StandingRules.Default).Single(q => q.Violation.Id == violationId);

    [Fact]
    public void Every_violation_with_a_known_policy_has_a_quiz_newest_first()
    {
        var all = QuizOverview.All(Creator(), Catalog, At(2026, 2, 1), StandingRules.Default);

        Assert.Equal(["a", "b"], all.Select(q => q.Violation.Id));
        Assert.All(all, q => Assert.Equal((0, 3, true), (q.AttemptsUsed, q.AttemptsLeft, q.CanStart)));
        Assert.Equal(new LocalDate(2026, 2, 28), all[0].LastDay);
        Assert.Equal(RemovalOutcome.Removed, all[0].PassNow.Outcome);
    }

    [Fact]
    public void The_third_attempt_is_the_last()
    {
        var twoUsed = Creator() with { QuizAttempts = [new("x1", "a", At(2026, 2, 1)), new("x2", "a", At(2026, 2, 1, 13))] };
        var threeUsed = twoUsed with { QuizAttempts = [.. twoUsed.Attempts, new("x3", "a", At(2026, 2, 1, 14))] };

        Assert.Equal((2, 1, null), Project(Status(twoUsed, "a", At(2026, 2, 2))));
        Assert.Equal((3, 0, QuizRefusal.NoAttemptsLeft), Project(Status(threeUsed, "a", At(2026, 2, 2))));
        // Another violation's quiz keeps its own three.
        Assert.Equal((0, 3, null), Project(Status(threeUsed, "b", At(2026, 2, 2))));

        static (int, int, QuizRefusal?) Project(QuizStatus s) => (s.AttemptsUsed, s.AttemptsLeft, s.CannotStart);
    }

    [Fact]
    public void The_open_attempt_is_the_latest_unanswered_one_until_its_last_instant()
    {
        var start = At(2026, 2, 1, 9);
        var history = Creator() with
        {
            QuizAttempts =
            [
                new("answered", "a", start - Duration.FromHours(1), start - Duration.FromMinutes(30), start - Duration.FromMinutes(40)),
                new("open", "a", start, start + Duration.FromMinutes(30)),
            ],
        };

        Assert.Equal("open", Status(history, "a", start + Duration.FromMinutes(29)).OpenAttempt?.AttemptId);
        Assert.Null(Status(history, "a", start + Duration.FromMinutes(30)).OpenAttempt);
        Assert.Null(Status(history, "b", start).OpenAttempt);
        Assert.Null(Status(history with { QuizAttempts = [history.Attempts[0]] }, "a", start - Duration.FromMinutes(45)).OpenAttempt);
    }

    [Fact]
    public void The_window_closes_after_the_last_local_day_of_the_following_month()
    {
        var history = Creator("Asia/Tokyo");

        // Issued 31 January 18:00 in Tokyo: open to 28 February 23:59:59 Tokyo = 28 February 14:59:59 UTC.
        Assert.True(Status(history, "a", Instant.FromUtc(2026, 2, 28, 14, 59, 59)).CanStart);
        Assert.Equal(QuizRefusal.WindowClosed, Status(history, "a", Instant.FromUtc(2026, 2, 28, 15, 0)).CannotStart);
    }

    [Fact]
    public void A_pass_in_the_cooldown_says_from_when_a_point_can_come_off_again()
    {
        // The two policies share a quiz type: a removal on one holds the other back.
        var history = Creator() with { PointRemovals = [new PointRemoval("b", "spam-quiz", At(2026, 2, 1))] };

        var status = Status(history, "a", At(2026, 2, 2));

        Assert.True(status.CanStart);
        Assert.Equal(new RemovalDecision(RemovalOutcome.Cooldown, At(2026, 3, 3, 0)), status.PassNow);
    }

    [Fact]
    public void An_overturned_violations_quiz_is_closed_and_a_pass_would_remove_nothing()
    {
        var history = Creator() with { Overturns = [new Overturn("a", "c1", At(2026, 2, 1))] };

        var status = Status(history, "a", At(2026, 2, 2));

        Assert.Equal(QuizRefusal.Overturned, status.CannotStart);
        Assert.Equal(RemovalOutcome.NoPointsLeft, status.PassNow.Outcome);
    }
}
