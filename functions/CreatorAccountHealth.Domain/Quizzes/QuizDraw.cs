using System.Security.Cryptography;
using System.Text;
using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Domain.Quizzes;

/// <summary>A question as one attempt shows it: its options in the order fixed for that attempt.</summary>
public sealed record DrawnQuestion(string QuestionId, IReadOnlyList<string> OptionOrder);

/// <summary>
/// Draws an attempt's questions from a policy's bank. Deterministic in the attempt id: the same attempt always shows
/// the same three questions in the same option order, so it can be stored as ids and shown again identically.
/// </summary>
public static class QuizDraw
{
    public static IReadOnlyList<DrawnQuestion> Draw(PolicyDefinition policy, string attemptId)
    {
        if (policy.QuizBank.Count < QuizRules.QuestionsPerAttempt)
        {
            throw new InvalidOperationException($"Policy {policy.Code} has fewer than {QuizRules.QuestionsPerAttempt} quiz questions.");
        }

        // A stable seed (string.GetHashCode is randomized per process).
        var seed = BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(policy.Code + "\n" + attemptId)), 0);
        var random = new Random(seed);
        var questions = policy.QuizBank.ToArray();
        random.Shuffle(questions);
        return questions
            .Take(QuizRules.QuestionsPerAttempt)
            .Select(q =>
            {
                var options = q.Options.Select(o => o.Id).ToArray();
                random.Shuffle(options);
                return new DrawnQuestion(q.Id, options);
            })
            .ToList();
    }
}
