using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using NodaTime;

namespace CreatorAccountHealth.Functions.Quizzes;

/// <summary>The JSON of <c>GET /api/creators/{creatorId}/quizzes</c>.</summary>
public sealed record QuizListResponse(string CreatorId, Instant AsOf, string TimeZone, IReadOnlyList<QuizView> Quizzes);

/// <param name="AvailableUntil">The first instant the quiz is closed; <see cref="LastDay"/> is the creator's last local day to take it.</param>
/// <param name="CannotStartReason">Null when an attempt can start now.</param>
/// <param name="PassRemovesPoint">Whether passing now would take a point off.</param>
/// <param name="RemovalBlockedReason">When it wouldn't: <c>noPointsLeft</c> (learning only) or <c>cooldown</c>.</param>
/// <param name="RemovalPossibleFrom">In a cooldown: from when a pass removes a point again (and that day, in the creator's zone).</param>
/// <param name="OpenAttemptId">An attempt started and not yet answered that can still be answered (until <paramref name="OpenAttemptExpiresAt"/>):
/// a creator who left the page resumes it with <c>GET …/attempts/{attemptId}</c> rather than spending another try.</param>
public sealed record QuizView(
    string ViolationId,
    string PolicyCode,
    string PolicyTitle,
    string QuizType,
    Instant IssuedAt,
    int AttemptsUsed,
    int AttemptsLeft,
    LocalDate LastDay,
    Instant AvailableUntil,
    bool CanStart,
    QuizRefusal? CannotStartReason,
    bool PassRemovesPoint,
    RemovalOutcome? RemovalBlockedReason,
    Instant? RemovalPossibleFrom,
    LocalDate? RemovalPossibleFromDate,
    string? OpenAttemptId,
    Instant? OpenAttemptExpiresAt)
{
    public static QuizView From(QuizStatus q, DateTimeZone zone)
    {
        var removes = q.PassNow.Outcome == RemovalOutcome.Removed;
        return new QuizView(
            q.Violation.Id,
            q.Policy.Code,
            q.Policy.Title,
            q.QuizType,
            q.Violation.IssuedAt,
            q.AttemptsUsed,
            q.AttemptsLeft,
            q.LastDay,
            q.WindowEnd,
            q.CanStart,
            q.CannotStart,
            removes,
            removes ? null : q.PassNow.Outcome,
            q.PassNow.NextPossibleAt,
            q.PassNow.NextPossibleAt is { } from ? CreatorCalendar.LocalDateOf(from, zone) : null,
            q.OpenAttempt?.AttemptId,
            q.OpenAttempt?.AnswerBy);
    }
}

/// <summary>The JSON of a started attempt: its questions in its fixed order, never the answers.</summary>
public sealed record StartedAttemptResponse(
    string AttemptId,
    string ViolationId,
    string PolicyCode,
    string QuizType,
    Instant StartedAt,
    Instant ExpiresAt,
    int AttemptsLeft,
    IReadOnlyList<AttemptQuestionView> Questions);

/// <summary>The JSON of <c>GET …/attempts/{attemptId}</c>: the attempt as it was shown, and its result once graded.</summary>
public sealed record QuizAttemptResponse(StartedAttemptResponse Attempt, GradedAttemptResponse? Result);

public sealed record AttemptQuestionView(string QuestionId, string Text, IReadOnlyList<AttemptOptionView> Options);

public sealed record AttemptOptionView(string OptionId, string Text);

/// <summary>The JSON of a graded attempt; answering the same attempt again returns exactly this.</summary>
public sealed record GradedAttemptResponse(
    string AttemptId,
    string ViolationId,
    string QuizType,
    Instant GradedAt,
    int Score,
    int OutOf,
    int PassMark,
    bool Passed,
    IReadOnlyList<GradedQuestionView> Questions,
    bool PointRemoved,
    RemovalView Removal,
    StandingAfterView Standing);

public sealed record GradedQuestionView(string QuestionId, string Text, string ChosenOptionId, string CorrectOptionId, bool Correct, string Explanation);

/// <param name="Outcome">Null when the attempt did not pass.</param>
/// <param name="NextRemovalPossibleAt">With <c>cooldown</c>: from when a pass of this quiz type removes a point again.</param>
public sealed record RemovalView(RemovalOutcome? Outcome, Instant? NextRemovalPossibleAt, string Detail);

public sealed record StandingAfterView(int ActivePoints, string? CurrentMilestone, string? NextMilestone, int? PointsToNextMilestone);

internal static class QuizViews
{
    public static StartedAttemptResponse Started(QuizAttemptEntry attempt, PolicyDefinition policy, int attemptsLeft)
    {
        var bank = policy.QuizBank.ToDictionary(q => q.Id, StringComparer.Ordinal);
        return new StartedAttemptResponse(
            attempt.AttemptId,
            attempt.ViolationId,
            attempt.PolicyCode,
            attempt.QuizType,
            attempt.StartedAt,
            attempt.ExpiresAt,
            attemptsLeft,
            attempt.Questions.Select(d =>
            {
                var question = bank[d.QuestionId];
                var options = question.Options.ToDictionary(o => o.Id, StringComparer.Ordinal);
                return new AttemptQuestionView(question.Id, question.Text, d.OptionOrder.Select(id => new AttemptOptionView(id, options[id].Text)).ToList());
            }).ToList());
    }

    /// <summary>Texts and explanations come from the catalog; everything decided at grading comes from the stored result.</summary>
    public static GradedAttemptResponse Graded(QuizAttemptEntry attempt, QuizResultEntry result, PolicyDefinition? policy)
    {
        var bank = policy?.QuizBank.ToDictionary(q => q.Id, StringComparer.Ordinal) ?? [];
        return new GradedAttemptResponse(
            attempt.AttemptId,
            attempt.ViolationId,
            attempt.QuizType,
            result.GradedAt,
            result.Score,
            result.OutOf,
            result.PassMark,
            result.Passed,
            result.Questions.Select(q => new GradedQuestionView(
                q.QuestionId,
                bank.GetValueOrDefault(q.QuestionId)?.Text ?? "",
                q.ChosenOptionId,
                q.CorrectOptionId,
                q.Correct,
                bank.GetValueOrDefault(q.QuestionId)?.Explanation ?? "")).ToList(),
            result.Outcome == RemovalOutcome.Removed,
            new RemovalView(result.Outcome, result.NextRemovalPossibleAt, Describe(result)),
            new StandingAfterView(
                result.StandingAfter.ActivePoints,
                result.StandingAfter.CurrentMilestone,
                result.StandingAfter.NextMilestone,
                result.StandingAfter.PointsToNextMilestone));
    }

    public static StandingAfterEntry StandingAfter(CreatorStanding standing) => new(
        standing.ActivePoints, standing.CurrentMilestone?.Milestone.Key, standing.NextMilestone?.Key, standing.PointsToNextMilestone);

    private static string Describe(QuizResultEntry result) => result.Outcome switch
    {
        null => $"Not passed: {result.Score} of {result.OutOf} correct, {result.PassMark} needed. No point was removed.",
        RemovalOutcome.Removed => "Passed: one point was removed from this violation.",
        RemovalOutcome.NoPointsLeft => "Passed, for learning only: this violation has no points left to remove (expired, overturned or already removed).",
        RemovalOutcome.Cooldown => $"Passed, but a quiz of this type already removed a point in the last {QuizRules.RemovalCooldownDays} days: the pass is recorded and no point was removed. A pass can remove a point again from {result.NextRemovalPossibleAt:uuuu'-'MM'-'dd'T'HH':'mm':'ss'Z'}.",
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Outcome, "Unknown removal outcome."),
    };
}
