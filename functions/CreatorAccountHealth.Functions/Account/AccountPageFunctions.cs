using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Account;

/// <summary>
/// The creator's Account Standing page under <c>/api/account</c>: thin function classes over the same use cases as the
/// API. The caller is the one the gate let in (session cookie or bearer token, <see cref="PageCaller"/>): no creator id is
/// ever taken from the URL. Every form POST has passed the anti-forgery check in the pipeline and answers
/// <c>303 See Other</c> (Post/Redirect/Get); what a creator can get wrong answers a page that says what to do.
/// </summary>
public sealed class AccountPageFunctions(
    AccountPage page,
    AccountPageRenderer renderer,
    QuizService quizzes,
    CreatorTrainings trainings,
    ReportStore reports,
    WeeklyReportRenderer reportRenderer,
    ICreatorStore creators,
    AccountLinks links,
    PageSessions sessions,
    EmailPreferencesService preferences,
    IOptions<SendGridOptions> sender,
    TimeProvider time,
    ILogger<AccountPageFunctions> logger)
{
    /// <summary>
    /// <c>GET /api/account/enter?token=…</c>: a signed link from an email (or support) exchanged for the page's session
    /// cookie, then <c>303</c> to the page the link names, without the token (so it leaves the address bar and history;
    /// <c>Referrer-Policy: no-referrer</c> keeps it out of any Referer). The token is never logged. An expired link gets
    /// <c>410</c>, a forged or broken one <c>401</c>: pages that say what to do, with no session and nobody's data.
    /// </summary>
    [Function("EnterAccount")]
    [PublicEndpoint("the signed link in the query is the credential: exchanged here for the session every other page route needs")]
    public async Task<IActionResult> Enter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/enter")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        switch (await links.VerifyAsync(request.Query[AccountLinks.TokenParameter].FirstOrDefault(), LinkPurpose.Account))
        {
            case LinkTokenCheck.Valid valid:
                var (cookie, session) = sessions.Issue(valid.CreatorId);
                request.HttpContext.Response.Cookies.Append(PageSessions.CookieName, cookie, PageSessions.CookieOptions(request, session.ExpiresAt));
                logger.LogInformation("Account link exchanged for a page session of creator {CreatorId}, until {ExpiresAt}", valid.CreatorId, session.ExpiresAt);
                return new PageRedirect(valid.Target ?? AccountLinks.DefaultTarget);
            case LinkTokenCheck.Expired:
                return renderer.Message(
                    StatusCodes.Status410Gone,
                    "This link has expired",
                    "Links to your account work for a limited time, to keep your account safe. Open the link in a more recent email from us, or reply to any of our emails to ask creator support for a new one.",
                    actionHref: null,
                    actionText: null);
            default:
                return renderer.Message(
                    StatusCodes.Status401Unauthorized,
                    "This link doesn't work",
                    "The link is incomplete or was changed, so it can't open an account. Open it again straight from the email (copying it can cut it short), or reply to any of our emails to ask creator support for a new one.",
                    actionHref: null,
                    actionText: null);
        }
    }

    /// <summary>Turns milestone alerts or weekly reports on or off at once (the links' use case): fields <c>kind</c>, <c>on</c>.</summary>
    [Function("SetAccountEmailPreference")]
    public async Task<IActionResult> SetEmailPreference(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/preferences")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        if (AccountLinks.KindOf(form["kind"].ToString()) is not { } kind)
        {
            return renderer.Message(StatusCodes.Status400BadRequest, "Choose an email", "The form didn't say which emails to turn on or off. Go back and use the switches under Email preferences.", AccountPaths.Home + "#preferences", "Email preferences");
        }

        var on = form["on"].Any(v => string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) || string.Equals(v, "on", StringComparison.OrdinalIgnoreCase));
        return await preferences.SetAsync(PageCaller.Of(request).CreatorId, kind, on, EmailChoiceSource.Page, cancellationToken) switch
        {
            EmailChoiceOutcome.Saved => new PageRedirect(AccountPaths.HomeWith("preferences-saved", "preferences")),
            EmailChoiceOutcome.UnknownCreator => NoAccount(),
            _ => renderer.Message(StatusCodes.Status400BadRequest, "That email can't be turned off", "Workshop emails are sent while you're invited to a workshop.", AccountPaths.Home + "#preferences", "Email preferences"),
        };
    }

    [Function("GetAccountPage")]
    public async Task<IActionResult> Overview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var view = await page.OverviewAsync(PageCaller.Of(request), request.Query["notice"].FirstOrDefault(), cancellationToken);
        return view is null ? NoAccount() : renderer.Account(view);
    }

    /// <summary>A stored weekly report: the HTML its email carried, with a way back to the page.</summary>
    [Function("GetAccountReport")]
    public async Task<IActionResult> Report(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/reports/{reportId}")] HttpRequest request,
        string reportId,
        CancellationToken cancellationToken)
    {
        var caller = PageCaller.Of(request);
        var stored = await reports.GetAsync(caller.CreatorId, reportId, cancellationToken);
        return stored is null
            ? renderer.Message(StatusCodes.Status404NotFound, "Report not found", "There is no such report on your account. Your reports are listed on your account page.")
            : new HtmlPage(reportRenderer.RenderPage(stored.Domain, AccountPaths.Home, await page.CultureAsync(caller, cancellationToken)), StatusCodes.Status200OK, PageHeaders.ReportPolicy);
    }

    /// <summary>A quiz: start it, answer the open attempt, or (<c>?attempt=</c>) see an attempt's result.</summary>
    [Function("GetAccountQuiz")]
    public async Task<IActionResult> Quiz(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/quizzes/{violationId}")] HttpRequest request,
        string violationId,
        CancellationToken cancellationToken)
    {
        var reply = await page.QuizAsync(PageCaller.Of(request), violationId, request.Query["attempt"].FirstOrDefault(), cancellationToken);
        return reply.Problem is { } problem ? QuizRefused(problem) : renderer.Quiz(reply.Value!);
    }

    /// <summary>Starts an attempt (the quiz service's rules: window, three attempts) and shows its questions.</summary>
    [Function("StartAccountQuizAttempt")]
    public async Task<IActionResult> StartQuiz(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/quizzes/{violationId}/attempts")] HttpRequest request,
        string violationId,
        CancellationToken cancellationToken)
    {
        var reply = await quizzes.StartAsync(PageCaller.Of(request).CreatorId, violationId, Now(), cancellationToken);
        return reply.Problem is { } problem ? QuizRefused(problem) : new PageRedirect(AccountPaths.Quiz(violationId));
    }

    /// <summary>Grades the attempt with the quiz service the API uses; the result page shows what came of it.</summary>
    [Function("SubmitAccountQuizAnswers")]
    public async Task<IActionResult> SubmitQuiz(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/quizzes/{violationId}/attempts/{attemptId}")] HttpRequest request,
        string violationId,
        string attemptId,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var answers = form.Keys
            .Where(k => k.StartsWith(AccountPage.AnswerField(""), StringComparison.Ordinal))
            .Select(k => new QuizAnswer(k[AccountPage.AnswerField("").Length..], form[k].ToString()))
            .ToList();
        var reply = await quizzes.AnswerAsync(PageCaller.Of(request).CreatorId, violationId, attemptId, answers, Now(), cancellationToken);
        return reply.Problem is { } problem ? QuizRefused(problem, violationId) : new PageRedirect(AccountPaths.QuizResult(violationId, attemptId));
    }

    /// <summary>Accept (with team picks) or decline a workshop invitation: form fields <c>decision</c> and <c>team</c>.</summary>
    [Function("AnswerAccountWorkshop")]
    public async Task<IActionResult> AnswerWorkshop(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/workshops/{trainingId}/registration")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var creatorId = PageCaller.Of(request).CreatorId;
        switch (form["decision"].ToString())
        {
            case "accept":
                var teams = form["team"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).Distinct(StringComparer.Ordinal).ToList();
                var accepted = await trainings.AcceptAsync(creatorId, trainingId, teams, Now(), cancellationToken);
                return WorkshopReply(accepted, trainingId, r => r.Status == RegistrationStatus.Waitlisted ? "waitlisted" : "registered");
            case "decline":
                var withdrawn = await trainings.WithdrawAsync(creatorId, trainingId, Now(), cancellationToken);
                return WorkshopReply(withdrawn, trainingId, _ => "declined");
            default:
                return renderer.Message(StatusCodes.Status400BadRequest, "Choose accept or decline", "The form didn't say whether to accept or decline the invitation. Go back and press one of the two buttons.");
        }
    }

    /// <summary>Books a mock livestream slot: form field <c>slotId</c>.</summary>
    [Function("BookAccountWorkshopSlot")]
    public async Task<IActionResult> BookSlot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "account/workshops/{trainingId}/slot")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var slotId = form["slotId"].ToString();
        if (slotId.Length == 0)
        {
            return renderer.Message(StatusCodes.Status400BadRequest, "Choose a slot", "Pick one of the free mock livestream slots, then press Book this slot.", $"{AccountPaths.Home}#workshop-{trainingId}", "Back to the workshop");
        }

        var booked = await trainings.BookSlotAsync(PageCaller.Of(request).CreatorId, trainingId, slotId, Now(), cancellationToken);
        return WorkshopReply(booked, trainingId, _ => "slot-booked");
    }

    /// <summary>The workshop as an iCalendar file, the same event its emails attach (same UID, so calendars keep one).</summary>
    [Function("GetAccountWorkshopCalendar")]
    public async Task<IActionResult> Calendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "account/workshops/{trainingId}/calendar.ics")] HttpRequest request,
        string trainingId,
        CancellationToken cancellationToken)
    {
        var creatorId = PageCaller.Of(request).CreatorId;
        var found = await trainings.GetAsync(creatorId, trainingId, cancellationToken);
        var profile = found is null ? null : await creators.GetProfileAsync(creatorId, cancellationToken);
        if (found is not { } workshop || profile is null)
        {
            return renderer.Message(StatusCodes.Status404NotFound, "Workshop not found", "There is no such workshop invitation on your account.");
        }

        var ics = TrainingCalendarEvent.ForCreator(workshop.Workshop, workshop.View, profile, new CalendarPerson(sender.Value.FromEmail, sender.Value.FromName), trainings.RegistrationClosesBefore, Now());
        return new PageDownload(ics.Content.ToArray(), ics.ContentType, ics.FileName);
    }

    private HtmlPage NoAccount() =>
        renderer.Message(
            StatusCodes.Status404NotFound,
            "Nothing on record for your account",
            "We have no account health information for you: nothing has been recorded, or your data was erased at your request. If you think this is wrong, reply to any of our emails to reach creator support.",
            actionHref: null,
            actionText: null);

    private IActionResult QuizRefused(QuizProblem problem, string? violationId = null)
    {
        var back = violationId is null ? AccountPaths.Home + "#quizzes" : AccountPaths.Quiz(violationId);
        return problem.Kind switch
        {
            QuizProblemKind.UnknownCreator => NoAccount(),
            QuizProblemKind.UnknownViolation or QuizProblemKind.NoQuizForPolicy or QuizProblemKind.UnknownAttempt =>
                renderer.Message(StatusCodes.Status404NotFound, "Quiz not found", "There is no such quiz on your account. Your open quizzes are listed on your account page.", AccountPaths.Home + "#quizzes", "Your quizzes"),
            QuizProblemKind.Overturned => renderer.Message(StatusCodes.Status409Conflict, "This quiz is closed", "The violation was overturned on appeal, which closes its quiz: there is nothing to take off.", back, "Back"),
            QuizProblemKind.WindowClosed => renderer.Message(StatusCodes.Status409Conflict, "This quiz is closed", "The last day to take this quiz has passed.", back, "Back"),
            QuizProblemKind.NoAttemptsLeft => renderer.Message(StatusCodes.Status409Conflict, "No attempts left", $"All {QuizRules.MaxAttempts} attempts at this quiz have been used.", back, "Back"),
            QuizProblemKind.AttemptExpired => renderer.Message(StatusCodes.Status409Conflict, "Time ran out for this attempt", "Answers had to be sent within the time the attempt allows, so it counts as used. Start a new attempt if any are left.", back, "Back to the quiz"),
            QuizProblemKind.AnswersDontFit => renderer.Message(StatusCodes.Status400BadRequest, "Answer every question", "Pick one answer for each of the three questions, then send your answers again.", back, "Back to the questions"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem.Kind, "Unmapped quiz refusal."),
        };
    }

    private IActionResult WorkshopReply<T>(CreatorTrainingOutcome<T> outcome, string trainingId, Func<T, string> notice)
        where T : class
    {
        var back = $"{AccountPaths.Home}#workshop-{trainingId}";
        if (outcome.UnknownTraining || outcome.Refusal?.Reason == TrainingRefusalReason.NotInvited)
        {
            return renderer.Message(StatusCodes.Status404NotFound, "Workshop not found", "There is no such workshop invitation on your account.", AccountPaths.Home + "#workshops", "Your workshops");
        }

        if (outcome.Refusal is { } refusal)
        {
            var (status, title) = refusal.Reason switch
            {
                TrainingRefusalReason.UnknownSlot or TrainingRefusalReason.UnknownTeam => (StatusCodes.Status400BadRequest, "That choice isn't offered"),
                TrainingRefusalReason.SlotTaken => (StatusCodes.Status409Conflict, "Someone just took that slot"),
                TrainingRefusalReason.RegistrationClosed => (StatusCodes.Status409Conflict, "Registration is closed"),
                TrainingRefusalReason.TrainingCancelled => (StatusCodes.Status409Conflict, "This workshop is cancelled"),
                TrainingRefusalReason.TrainingStarted => (StatusCodes.Status409Conflict, "This workshop has started"),
                _ => (StatusCodes.Status409Conflict, "That can't be done now"),
            };
            return renderer.Message(status, title, refusal.Detail, back, "Back to the workshop");
        }

        return new PageRedirect(AccountPaths.HomeWith(notice(outcome.Result!), $"workshop-{trainingId}"));
    }

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
