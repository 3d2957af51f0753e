using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using NodaTime;
using static CreatorAccountHealth.Functions.Email.EmailFormat;

namespace CreatorAccountHealth.Functions.Account;

/// <summary>
/// Builds the creator's pages from the use cases the API uses: the standing and the open quizzes from one point read of
/// the account (<see cref="StandingCalculator"/>, <see cref="QuizOverview"/>), the stored reports (<see cref="ReportStore"/>),
/// the workshops (<see cref="CreatorTrainings"/>), and a quiz's attempts through <see cref="QuizService"/>. Only ever for
/// the caller the gate let in.
/// </summary>
public sealed class AccountPage(
    ICreatorStore creators,
    ReportStore reports,
    CreatorTrainings trainings,
    QuizService quizzes,
    PolicyCatalog catalog,
    StandingRules rules,
    PageSessions sessions,
    TimeProvider time)
{
    /// <summary>How many stored reports the page lists (a year of weeks).</summary>
    public const int ReportsShown = 53;

    /// <returns>Null when nothing is recorded for the caller (never seen, or erased).</returns>
    public async Task<AccountPageView?> OverviewAsync(PageCaller caller, string? notice, CancellationToken cancellationToken)
    {
        var account = await creators.LoadAccountAsync(caller.CreatorId, cancellationToken);
        if (account.IsUnknown)
        {
            return null;
        }

        var now = Now();
        var history = account.ToHistory();
        var standing = StandingCalculator.Calculate(history, now, rules);
        var zone = standing.Zone;
        var open = QuizOverview.All(history, catalog, now, rules).Where(q => q.CanStart || q.OpenAttempt is not null);
        var stored = await reports.ListAsync(caller.CreatorId, ReportsShown, continuationToken: null, cancellationToken);
        var workshops = await trainings.ListAsync(caller.CreatorId, cancellationToken);
        var emails = account.Profile?.Emails ?? Domain.Creators.EmailPreferences.All;
        var name = account.Profile?.DisplayName;
        var culture = CreatorCulture.For(account.Profile?.Locale);

        return new AccountPageView(
            "Your account standing",
            string.IsNullOrWhiteSpace(name) ? "Your account standing" : $"{TrainingEmailModel.OneLine(name)}, here is where your account stands",
            ZoneName(zone),
            TrainingEmailModel.At(now.InZone(zone), culture),
            Notices.TextOf(notice),
            sessions.AntiForgeryToken(caller),
            StandingSection.From(standing, rules, catalog, culture),
            stored.Items.Select((item, i) => ReportLine.From(item, i == 0, culture)).ToList(),
            open.Select(q => QuizLine.From(q, zone, culture)).ToList(),
            workshops.Select(w => WorkshopLine.From(w, now, culture)).ToList(),
            [
                new PreferenceLine("milestoneAlerts", "Milestone alerts", "An email when your points come near or reach a milestone.", emails.MilestoneAlerts, "pref-milestone-alerts"),
                new PreferenceLine("weeklyReports", "Weekly reports", "Your account health report every Monday.", emails.WeeklyReports, "pref-weekly-reports"),
            ]);
    }

    /// <summary>How the caller's dates and times are written: their profile's locale (one point read of the profile).</summary>
    public async Task<CreatorCulture> CultureAsync(PageCaller caller, CancellationToken cancellationToken) =>
        CreatorCulture.For((await creators.GetProfileAsync(caller.CreatorId, cancellationToken))?.Locale);

    /// <summary>A quiz's page: its state, the open attempt's questions, or the result of <paramref name="attemptId"/>.</summary>
    public async Task<QuizReply<QuizPageView>> QuizAsync(PageCaller caller, string violationId, string? attemptId, CancellationToken cancellationToken)
    {
        var now = Now();
        var list = await quizzes.ListAsync(caller.CreatorId, now, cancellationToken);
        if (list.Problem is { } problem)
        {
            return problem;
        }

        var quiz = list.Value!.Quizzes.FirstOrDefault(q => q.ViolationId == violationId);
        if (quiz is null)
        {
            return new QuizProblem(QuizProblemKind.UnknownViolation, "There is no quiz for this violation on your account.");
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(list.Value.TimeZone) ?? DateTimeZone.Utc;
        var culture = await CultureAsync(caller, cancellationToken);
        QuizResultView? result = null;
        if (attemptId is not null)
        {
            var graded = await quizzes.GetAttemptAsync(caller.CreatorId, violationId, attemptId, now, cancellationToken);
            if (graded.Problem is { } notFound)
            {
                return notFound;
            }

            result = graded.Value!.Result is { } r ? Result(graded.Value.Attempt, r, zone, culture) : null;
        }

        AttemptForm? form = null;
        if (quiz.OpenAttemptId is { } open)
        {
            var attempt = await quizzes.GetAttemptAsync(caller.CreatorId, violationId, open, now, cancellationToken);
            if (attempt.Value is { Result: null } shown)
            {
                form = Form(shown.Attempt, zone, culture);
            }
        }

        var violation = culture.Date(CreatorCalendar.LocalDateOf(quiz.IssuedAt, zone));
        return new QuizPageView(
            $"{quiz.PolicyTitle} quiz",
            quiz.PolicyTitle,
            violation,
            culture.Date(quiz.LastDay),
            Count(quiz.AttemptsLeft, "attempt", "attempts") + " left",
            StatusOf(quiz, culture),
            sessions.AntiForgeryToken(caller),
            quiz.CanStart,
            AccountPaths.QuizAttempts(violationId),
            form,
            result);
    }

    private static string StatusOf(QuizView quiz, CreatorCulture culture) => quiz.CannotStartReason switch
    {
        QuizRefusal.Overturned => "This quiz is closed: the violation was overturned on appeal.",
        QuizRefusal.WindowClosed => $"This quiz is closed: it could be taken until {culture.Date(quiz.LastDay)}.",
        QuizRefusal.NoAttemptsLeft => "You have used all your attempts at this quiz.",
        _ => quiz.PassRemovesPoint ? "Pass it to take one point off this violation."
            : quiz.RemovalBlockedReason == RemovalOutcome.Cooldown && quiz.RemovalPossibleFromDate is { } from
                ? $"You can take it for learning: a quiz of this type already took a point off in the last {QuizRules.RemovalCooldownDays} days, so a pass takes one off again from {culture.Date(from)}."
                : "You can take it for learning: this violation has no points left to take off.",
    };

    private static AttemptForm Form(StartedAttemptResponse attempt, DateTimeZone zone, CreatorCulture culture) => new(
        AccountPaths.QuizAnswers(attempt.ViolationId, attempt.AttemptId),
        TrainingEmailModel.At(attempt.ExpiresAt.InZone(zone), culture),
        attempt.Questions.Select((q, i) => new QuestionForm(
            q.QuestionId,
            i + 1,
            q.Text,
            AnswerField(q.QuestionId),
            q.Options.Select(o => new OptionForm(o.OptionId, o.Text, $"q{i + 1}-{o.OptionId}")).ToList())).ToList());

    private QuizResultView Result(StartedAttemptResponse attempt, GradedAttemptResponse graded, DateTimeZone zone, CreatorCulture culture)
    {
        var options = attempt.Questions.ToDictionary(q => q.QuestionId, q => q.Options.ToDictionary(o => o.OptionId, o => o.Text, StringComparer.Ordinal), StringComparer.Ordinal);
        string OptionText(string questionId, string optionId) =>
            options.GetValueOrDefault(questionId)?.GetValueOrDefault(optionId) ?? optionId;
        var after = graded.Standing;
        var milestone = after.CurrentMilestone is { } key ? rules.Ladder.Find(key)?.Title : null;
        var standing = $"You now have {Points(after.ActivePoints)} active"
            + (milestone is null ? "." : $" ({LowerFirst(milestone)}).")
            + (after.NextMilestone is { } next && rules.Ladder.Find(next) is { } nextMilestone && after.PointsToNextMilestone is { } away
                ? $" {Points(away)} to a {LowerFirst(nextMilestone.Title)}."
                : "");
        return new QuizResultView(
            $"{graded.Score} of {graded.OutOf} correct: {(graded.Passed ? "passed" : $"not passed ({graded.PassMark} needed)")}.",
            graded.Passed,
            graded.PointRemoved,
            graded.Removal.Outcome switch
            {
                RemovalOutcome.Removed => "One point was taken off this violation.",
                RemovalOutcome.Cooldown when graded.Removal.NextRemovalPossibleAt is { } from =>
                    $"Passed, but a quiz of this type already took a point off in the last {QuizRules.RemovalCooldownDays} days, so no point came off this time. A pass can take a point off again from {culture.Date(CreatorCalendar.LocalDateOf(from, zone))}.",
                RemovalOutcome.NoPointsLeft => "Passed, for learning: this violation has no points left to take off (they expired, were overturned or already came off).",
                _ => $"Not passed, so no point came off: {graded.PassMark} correct answers are needed. You can try again if you have attempts left.",
            },
            standing,
            graded.Questions.Select((q, i) => new GradedLine(
                i + 1, q.Text, q.Correct, OptionText(q.QuestionId, q.ChosenOptionId), OptionText(q.QuestionId, q.CorrectOptionId), q.Explanation)).ToList());
    }

    /// <summary>The form field of a question's radio group.</summary>
    public static string AnswerField(string questionId) => "answer-" + questionId;

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
