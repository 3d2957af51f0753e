using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Accounts;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Quizzes;

/// <summary>Why a quiz request was refused; <see cref="QuizProblems"/> says how a caller sees each.</summary>
public enum QuizProblemKind
{
    UnknownCreator,
    UnknownViolation,
    NoQuizForPolicy,
    UnknownAttempt,
    Overturned,
    WindowClosed,
    NoAttemptsLeft,
    AttemptExpired,
    AnswersDontFit,
}

/// <summary>A refusal: its kind, a sentence for the caller and, for answers that don't fit, the fields at fault.</summary>
public sealed record QuizProblem(QuizProblemKind Kind, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>Either a value or the reason there is none.</summary>
public sealed record QuizReply<T>(T? Value, QuizProblem? Problem)
    where T : class
{
    public static implicit operator QuizReply<T>(T value) => new(value, null);

    public static implicit operator QuizReply<T>(QuizProblem problem) => new(null, problem);
}

/// <summary>
/// Starts and grades quiz attempts. Every change is: read the ledger (with its ETag) and the history → decide with the
/// pure rules → write the ledger with <c>If-Match</c>; when someone else wrote it first, decide again from what is
/// there now. So a fourth attempt can't slip in beside a third, and two passes of the same quiz type at the same
/// moment can't both remove a point.
/// </summary>
public sealed class QuizService(
    ICreatorStore creators,
    QuizLedgerStore ledgers,
    AccountRecorder accounts,
    PolicyCatalog catalog,
    StandingRules rules,
    IOptions<QuizOptions> options,
    AppMetrics metrics,
    ILogger<QuizService> logger)
{
    /// <summary>The creator's quizzes as of <paramref name="now"/>, or 404 for an unknown creator.</summary>
    public async Task<QuizReply<QuizListResponse>> ListAsync(string creatorId, Instant now, CancellationToken cancellationToken)
    {
        var (history, _) = await LoadAsync(creatorId, violationId: null, cancellationToken);
        if (history.IsUnknown)
        {
            return UnknownCreator(creatorId);
        }

        var zone = Domain.Time.CreatorCalendar.ZoneOf(history.Profile);
        var quizzes = QuizOverview.All(history, catalog, now, rules).Select(q => QuizView.From(q, zone)).ToList();
        return new QuizListResponse(creatorId, now, zone.Id, quizzes);
    }

    public Task<QuizReply<StartedAttemptResponse>> StartAsync(string creatorId, string violationId, Instant now, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(LedgerOf(creatorId), async () =>
        {
            var (history, ledger) = await LoadAsync(creatorId, violationId, cancellationToken);
            var found = Find(history, creatorId, violationId);
            if (found.Problem is not null)
            {
                return Done<StartedAttemptResponse>(found.Problem);
            }

            var (violation, policy) = found.Value!;
            var status = QuizOverview.For(history, violation, policy, now, rules);
            if (status.CannotStart is { } refusal)
            {
                return Done<StartedAttemptResponse>(Refused(refusal, status));
            }

            var attemptId = Guid.NewGuid().ToString("D");
            var attempt = new QuizAttemptEntry
            {
                AttemptId = attemptId,
                ViolationId = violation.Id,
                PolicyCode = policy.Code,
                QuizType = policy.QuizType,
                StartedAt = now,
                ExpiresAt = QuizRules.AttemptExpiresAt(now, options.Value.AnswerWithin),
                Questions = QuizDraw.Draw(policy, attemptId).Select(d => new DrawnQuestionEntry(d.QuestionId, d.OptionOrder.ToList())).ToList(),
            };
            var changed = (ledger ?? new QuizLedgerDocument { CreatorId = creatorId }) with { Attempts = [.. ledger?.Attempts ?? [], attempt] };
            if (!await ledgers.TrySaveAsync(changed, ledger?.ETag, cancellationToken))
            {
                return ConcurrentRound<QuizReply<StartedAttemptResponse>>.LostRace;
            }

            logger.LogInformation("Quiz attempt {AttemptId} started for violation {ViolationId} of creator {CreatorId}", attemptId, violationId, creatorId);
            metrics.QuizAttempt("started");
            await RecordInAccountAsync(changed, now, cancellationToken);
            return Done<StartedAttemptResponse>(QuizViews.Started(attempt, policy, status.AttemptsLeft - 1));
        }, cancellationToken, MaxRounds);

    /// <summary>An attempt as it was shown (same questions, same option order) and, once graded, its result; a read only.</summary>
    public async Task<QuizReply<QuizAttemptResponse>> GetAttemptAsync(string creatorId, string violationId, string attemptId, Instant now, CancellationToken cancellationToken)
    {
        var found = await FindAttemptAsync(creatorId, violationId, attemptId, cancellationToken);
        if (found.Problem is not null)
        {
            return found.Problem;
        }

        var (history, _, violation, policy, attempt) = found.Value!;
        var attemptsLeft = QuizOverview.For(history, violation, policy, now, rules).AttemptsLeft;
        return new QuizAttemptResponse(
            QuizViews.Started(attempt, policy, attemptsLeft),
            attempt.Result is { } result ? QuizViews.Graded(attempt, result, policy) : null);
    }

    /// <summary>Grades an attempt once; an attempt already graded answers its stored result, whatever was sent.</summary>
    public Task<QuizReply<GradedAttemptResponse>> AnswerAsync(
        string creatorId, string violationId, string attemptId, IReadOnlyList<QuizAnswer> answers, Instant now, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RunAsync(LedgerOf(creatorId), async () =>
        {
            var found = await FindAttemptAsync(creatorId, violationId, attemptId, cancellationToken);
            if (found.Problem is not null)
            {
                return Done<GradedAttemptResponse>(found.Problem);
            }

            var (history, ledger, violation, policy, attempt) = found.Value!;
            if (attempt.Result is { } stored)
            {
                // A repeat, perhaps after a failure that stopped before the account: applying the ledger again is idempotent.
                await RecordInAccountAsync(ledger, now, cancellationToken);
                return Done<GradedAttemptResponse>(QuizViews.Graded(attempt, stored, policy));
            }

            if (now >= attempt.ExpiresAt)
            {
                return Done<GradedAttemptResponse>(new QuizProblem(
                    QuizProblemKind.AttemptExpired,
                    $"Attempt '{attemptId}' had to be answered within {options.Value.AttemptExpiryMinutes} minutes of its start, by {attempt.ExpiresAt}. It used up one of the quiz's attempts; start a new one if any are left."));
            }

            var drawn = attempt.Drawn();
            var problems = QuizGrader.Check(policy, drawn, answers);
            if (problems.Count > 0)
            {
                var errors = problems.GroupBy(p => p.QuestionId, StringComparer.Ordinal)
                    .ToDictionary(g => "answers." + g.Key, g => g.Select(p => p.Problem).ToArray());
                return Done<GradedAttemptResponse>(new QuizProblem(QuizProblemKind.AnswersDontFit, "The answers don't fit the attempt.", errors));
            }

            var passMark = options.Value.PassMark;
            var grade = QuizGrader.Grade(policy, drawn, answers, passMark);
            var decision = grade.Passed ? PointRemovalRules.Decide(history, violation.Id, policy.QuizType, now, rules) : null;
            var removals = decision?.Outcome == RemovalOutcome.Removed
                ? [.. ledger.Removals, new PointRemovalEntry(violation.Id, policy.QuizType, now, attemptId)]
                : ledger.Removals;
            var standing = StandingCalculator.Calculate(history with { PointRemovals = removals.Select(r => r.ToDomain()).ToList() }, now, rules);
            var result = new QuizResultEntry(
                now,
                answers.Select(a => new QuizAnswerEntry(a.QuestionId, a.OptionId)).ToList(),
                grade.Score,
                grade.OutOf,
                passMark,
                grade.Passed,
                grade.Questions.Select(q => new GradedQuestionEntry(q.QuestionId, q.ChosenOptionId, q.CorrectOptionId, q.Correct)).ToList(),
                decision?.Outcome,
                decision?.NextPossibleAt,
                QuizViews.StandingAfter(standing));
            var graded = attempt with { Result = result };
            var changed = ledger with
            {
                Attempts = ledger.Attempts.Select(a => a.AttemptId == attemptId ? graded : a).ToList(),
                Removals = removals,
            };
            if (!await ledgers.TrySaveAsync(changed, ledger.ETag, cancellationToken))
            {
                return ConcurrentRound<QuizReply<GradedAttemptResponse>>.LostRace;
            }

            logger.LogInformation(
                "Quiz attempt {AttemptId} of creator {CreatorId} graded {Score}/{OutOf}: {Outcome}",
                attemptId, creatorId, grade.Score, grade.OutOf, decision?.Outcome.ToString() ?? "not passed");
            metrics.QuizAttempt(grade.Passed ? "passed" : "failed");
            if (decision is not null)
            {
                metrics.QuizPointRemoval(System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(decision.Outcome.ToString()));
            }

            await RecordInAccountAsync(changed, now, cancellationToken);
            return Done<GradedAttemptResponse>(QuizViews.Graded(graded, result, policy));
        }, cancellationToken, MaxRounds);

    /// <summary>
    /// The account keeps what the rules read of the ledger (attempts, removals); recording a removal there also decides
    /// the alerts it re-arms (the standing fell) in the same write.
    /// </summary>
    private Task RecordInAccountAsync(QuizLedgerDocument ledger, Instant now, CancellationToken cancellationToken) =>
        accounts.ApplyAsync(ledger.CreatorId, new QuizzesRecorded(ledger.ToAttempts(), ledger.ToRemovals()), eventDocumentId: null, isActivity: false, now, cancellationToken);

    /// <summary>
    /// The account with the ledger exactly as read for the ETag: every decision is made on what the write is guarded by.
    /// The list (<paramref name="violationId"/> null) shows the quiz of every violation the account keeps, so it reads the
    /// archive too; a single quiz reads it only when its violation is not in the hot window (its quiz long closed).
    /// </summary>
    private async Task<(CreatorHistory History, QuizLedgerDocument? Ledger)> LoadAsync(string creatorId, string? violationId, CancellationToken cancellationToken)
    {
        var ledger = await ledgers.ReadAsync(creatorId, cancellationToken);
        var account = await creators.LoadAccountAsync(creatorId, cancellationToken);
        if (account.ArchivedUntil is not null && (violationId is null || account.Violations.All(v => v.Id != violationId)))
        {
            account = await creators.WithArchiveAsync(account, cancellationToken);
        }

        var history = account.ToHistory();
        return (history with { PointRemovals = ledger?.ToRemovals() ?? [], QuizAttempts = ledger?.ToAttempts() ?? [] }, ledger);
    }

    /// <summary>The attempt with everything deciding about it needs, read as <see cref="LoadAsync"/> reads; or why there is none.</summary>
    private async Task<QuizReply<FoundAttempt>> FindAttemptAsync(string creatorId, string violationId, string attemptId, CancellationToken cancellationToken)
    {
        var (history, ledger) = await LoadAsync(creatorId, violationId, cancellationToken);
        var found = Find(history, creatorId, violationId);
        if (found.Problem is not null)
        {
            return found.Problem;
        }

        var (violation, policy) = found.Value!;
        var attempt = ledger?.Attempts.FirstOrDefault(a => a.AttemptId == attemptId && a.ViolationId == violation.Id);
        return attempt is null ? UnknownAttempt(creatorId, violationId, attemptId) : new FoundAttempt(history, ledger!, violation, policy, attempt);
    }

    private QuizReply<Found> Find(CreatorHistory history, string creatorId, string violationId)
    {
        if (history.IsUnknown)
        {
            return UnknownCreator(creatorId);
        }

        // Another creator's violation lives in their partition: from here it is simply not there.
        var violation = history.Violations.FirstOrDefault(v => v.Id == violationId);
        if (violation is null)
        {
            return new QuizProblem(QuizProblemKind.UnknownViolation, $"Creator '{creatorId}' has no violation '{violationId}'.");
        }

        if (!catalog.TryGet(violation.PolicyCode, out var policy))
        {
            return new QuizProblem(
                QuizProblemKind.NoQuizForPolicy,
                $"Policy '{violation.PolicyCode}' of violation '{violationId}' is no longer in the policy catalog, so it has no quiz.");
        }

        return new Found(violation, policy);
    }

    private static QuizProblem UnknownAttempt(string creatorId, string violationId, string attemptId) =>
        new(QuizProblemKind.UnknownAttempt, $"Violation '{violationId}' of creator '{creatorId}' has no quiz attempt '{attemptId}'.");

    private static QuizProblem UnknownCreator(string creatorId) =>
        new(QuizProblemKind.UnknownCreator, $"Nothing has been recorded for creator '{creatorId}'.");

    private static QuizProblem Refused(QuizRefusal refusal, QuizStatus status) => refusal switch
    {
        QuizRefusal.Overturned => new(
            QuizProblemKind.Overturned, $"Violation '{status.Violation.Id}' was overturned on appeal, which closes its quiz."),
        QuizRefusal.WindowClosed => new(
            QuizProblemKind.WindowClosed,
            $"The quiz for violation '{status.Violation.Id}' could be taken until the end of {status.LastDay:uuuu'-'MM'-'dd} (the last day of the month after the violation, in the creator's time zone)."),
        QuizRefusal.NoAttemptsLeft => new(
            QuizProblemKind.NoAttemptsLeft, $"All {QuizRules.MaxAttempts} attempts at the quiz for violation '{status.Violation.Id}' have been used."),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "Unknown refusal."),
    };

    /// <summary>Concurrent starts and answers of one creator are rare; a handful of rounds settles them.</summary>
    private const int MaxRounds = 8;

    private static string LedgerOf(string creatorId) => $"The quiz ledger of creator {creatorId}";

    private static ConcurrentRound<QuizReply<T>> Done<T>(QuizReply<T> reply)
        where T : class => ConcurrentRound<QuizReply<T>>.Done(reply);

    private sealed record Found(Violation Violation, PolicyDefinition Policy);

    private sealed record FoundAttempt(CreatorHistory History, QuizLedgerDocument Ledger, Violation Violation, PolicyDefinition Policy, QuizAttemptEntry Attempt);
}
