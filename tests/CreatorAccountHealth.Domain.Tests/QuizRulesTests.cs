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
