using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Domain.Quizzes;

public sealed record QuizAnswer(string QuestionId, string OptionId);

public sealed record GradedQuestion(string QuestionId, string ChosenOptionId, string CorrectOptionId, bool Correct, string Explanation);

public sealed record QuizGrade(int Score, int OutOf, bool Passed, IReadOnlyList<GradedQuestion> Questions);

/// <summary>Why submitted answers can't be graded.</summary>
public sealed record AnswerProblem(string QuestionId, string Problem);

/// <summary>Grades an attempt's answers against the policy's bank.</summary>
public static class QuizGrader
{
    /// <summary>Every problem with the answers: each drawn question answered exactly once, with one of its options, and nothing else.</summary>
    public static IReadOnlyList<AnswerProblem> Check(PolicyDefinition policy, IReadOnlyList<DrawnQuestion> drawn, IReadOnlyList<QuizAnswer> answers)
    {
        var problems = new List<AnswerProblem>();
        var drawnIds = drawn.Select(d => d.QuestionId).ToHashSet(StringComparer.Ordinal);
        foreach (var answer in answers.Where(a => !drawnIds.Contains(a.QuestionId)))
        {
            problems.Add(new(answer.QuestionId, "This question is not part of the attempt."));
        }

        foreach (var question in drawn)
        {
            var given = answers.Where(a => a.QuestionId == question.QuestionId).ToList();
            if (given.Count == 0)
            {
                problems.Add(new(question.QuestionId, "Not answered."));
            }
            else if (given.Count > 1)
            {
                problems.Add(new(question.QuestionId, "Answered more than once."));
            }
            else if (!question.OptionOrder.Contains(given[0].OptionId))
            {
                problems.Add(new(question.QuestionId, $"'{given[0].OptionId}' is not one of its options."));
            }
        }

        return problems;
    }

    /// <param name="passMark">Correct answers needed to pass (all three by default).</param>
    public static QuizGrade Grade(PolicyDefinition policy, IReadOnlyList<DrawnQuestion> drawn, IReadOnlyList<QuizAnswer> answers, int passMark)
    {
        if (Check(policy, drawn, answers).Count > 0)
        {
            throw new ArgumentException("The answers do not fit the attempt; check them with Check first.", nameof(answers));
        }

        var bank = policy.QuizBank.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var graded = drawn.Select(d =>
        {
            var question = bank[d.QuestionId];
            var chosen = answers.Single(a => a.QuestionId == d.QuestionId).OptionId;
            return new GradedQuestion(d.QuestionId, chosen, question.CorrectOptionId, chosen == question.CorrectOptionId, question.Explanation);
        }).ToList();
        var score = graded.Count(g => g.Correct);
        return new QuizGrade(score, graded.Count, score >= passMark, graded);
    }
}
