using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using NodaTime;
using static CreatorAccountHealth.Functions.Email.EmailFormat;

namespace CreatorAccountHealth.Functions.Account;

/// <summary>
/// What the page's templates see (snake_case in Liquid). Everything is worded already, with the emails' formatting
/// (<see cref="Email.EmailFormat"/>, <see cref="WeeklyReportEmailModel"/>, <see cref="TrainingEmailModel"/>): dates in the
/// creator's zone, workshop times in the workshop's, so the page and the emails say the same thing the same way.
/// </summary>
public sealed record AccountPageView(
    string Title,
    string Greeting,
    string ZoneName,
    string AsOfText,
    string? Notice,
    string Csrf,
    StandingSection Standing,
    IReadOnlyList<ReportLine> Reports,
    IReadOnlyList<QuizLine> Quizzes,
    IReadOnlyList<WorkshopLine> Workshops,
    IReadOnlyList<PreferenceLine> Preferences);

/// <param name="Reason">Why the current milestone applies ("by points" or the repeat rule), when one does.</param>
/// <param name="NextText">"4 points to a 7-day suspension of e-commerce features", or null at the top of the ladder.</param>
public sealed record StandingSection(
    int ActivePoints,
    string ActivePointsText,
    string? CurrentTitle,
    string? CurrentEnforcement,
    string? Reason,
    string? NextText,
    IReadOnlyList<LadderStep> Ladder,
    IReadOnlyList<DropLine> Drops,
    IReadOnlyList<RepeatWarning> Repeats)
{
    public static StandingSection From(CreatorStanding standing, StandingRules rules, PolicyCatalog catalog, CreatorCulture culture)
    {
        var current = standing.CurrentMilestone;
        var next = standing.NextMilestone;
        var remaining = standing.ActivePoints;
        var drops = new List<DropLine>();
        foreach (var expiry in standing.PointsExpiring.OrderBy(e => e.Date))
        {
            remaining -= expiry.Points;
            drops.Add(new DropLine(culture.Date(expiry.Date), Points(expiry.Points), Points(remaining)));
        }

        return new StandingSection(
            standing.ActivePoints,
            Points(standing.ActivePoints),
            current?.Milestone.Title,
            current?.Milestone.Enforcement,
            current switch
            {
                null => null,
                { ReachedBy: MilestoneReason.RepeatViolations } =>
                    $"Reached by the repeat rule: the {TitleOf(catalog, current.RepeatedPolicyCode)} policy was broken {rules.RepeatRule.Count} times or more within {Days(rules.RepeatRule.Window)}, whatever the points.",
                _ => $"Reached by points: {Points(standing.ActivePoints)} active, this level starts at {current.Milestone.Threshold}.",
            },
            next is not null && standing.PointsToNextMilestone is { } away ? $"{Points(away)} to a {LowerFirst(next.Title)}." : null,
            rules.Ladder.Milestones
                .Select(m => new LadderStep(
                    m.Title,
                    m.Threshold,
                    $"from {Points(m.Threshold)}",
                    m.Enforcement,
                    current is not null && m.Threshold <= current.Milestone.Threshold,
                    current?.Milestone.Key == m.Key,
                    next?.Key == m.Key))
                .ToList(),
            drops,
            standing.RepeatedPolicies
                .Select(r => new RepeatWarning(
                    TitleOf(catalog, r.PolicyCode),
                    r.Count >= rules.RepeatRule.Count,
                    r.Count >= rules.RepeatRule.Count
                        ? $"You broke the {TitleOf(catalog, r.PolicyCode)} policy {Times(r.Count)} within {Days(rules.RepeatRule.Window)}: the repeat rule applies ({LowerFirst(RepeatMilestone(rules))}), whatever your points."
                        : $"You broke the {TitleOf(catalog, r.PolicyCode)} policy {Times(r.Count)} within {Days(rules.RepeatRule.Window)}. {UpperFirst(Times(rules.RepeatRule.Count))} within {Days(rules.RepeatRule.Window)} bring{(rules.RepeatRule.Count == 1 ? "s" : "")} a {LowerFirst(RepeatMilestone(rules))}, whatever your points."))
                .ToList());
    }

    private static string RepeatMilestone(StandingRules rules) => rules.Ladder.Find(rules.RepeatRule.MilestoneKey)?.Title ?? rules.RepeatRule.MilestoneKey;

    private static string TitleOf(PolicyCatalog catalog, string? code) =>
        code is not null && catalog.TryGet(code, out var policy) ? policy.Title : code ?? "same";

    private static string Times(int count) => Count(count, "time", "times");

    private static string Days(Duration window) => Count((int)window.TotalDays, "day", "days");

    private static string UpperFirst(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

/// <param name="Reached">The creator is at or past this level.</param>
public sealed record LadderStep(string Title, int Threshold, string ThresholdText, string Enforcement, bool Reached, bool IsCurrent, bool IsNext);

/// <summary>"Thursday, 18 February 2027: 4 points expire, you drop to 12 points".</summary>
public sealed record DropLine(string DateText, string ExpiringText, string DropsToText);

public sealed record RepeatWarning(string PolicyTitle, bool Applies, string Text);

public sealed record ReportLine(string ReportId, string Href, string PeriodText, string SummaryText, bool IsLatest)
{
    public static ReportLine From(ReportListItem item, bool isLatest, CreatorCulture culture)
    {
        var s = item.Summary;
        var period = culture.Period(new ReportPeriod(s.FirstDay, s.LastDay, DateTimeZoneProviders.Tzdb.GetZoneOrNull(s.TimeZone) ?? DateTimeZone.Utc));
        var week = s.ViolationCount == 0 ? "No violations" : $"{Count(s.ViolationCount, "violation", "violations")} ({Points(s.ViolationPoints)})";
        return new ReportLine(s.ReportId, AccountPaths.Report(s.ReportId), period, $"{week}; {Points(s.ActivePoints)} active at the end of the week.", isLatest);
    }
}

/// <param name="StatusText">What the creator can do now, or why they can't.</param>
public sealed record QuizLine(
    string ViolationId,
    string Href,
    string PolicyTitle,
    string IssuedText,
    string LastDayText,
    string AttemptsLeftText,
    bool CanStart,
    string StatusText)
{
    public static QuizLine From(QuizStatus quiz, DateTimeZone zone, CreatorCulture culture) => new(
        quiz.Violation.Id,
        AccountPaths.Quiz(quiz.Violation.Id),
        quiz.Policy.Title,
        $"{culture.Date(CreatorCalendar.LocalDateOf(quiz.Violation.IssuedAt, zone))} ({SurfaceName(quiz.Violation.Surface)}, {quiz.Violation.ContentId})",
        culture.Date(quiz.LastDay),
        Count(quiz.AttemptsLeft, "attempt", "attempts") + " left",
        quiz.CanStart,
        QuizTexts.Status(quiz, zone, culture));
}

/// <summary>A workshop invitation with what the creator can do about it from the page.</summary>
public sealed record WorkshopLine(
    string TrainingId,
    string Title,
    string Location,
    string WhenText,
    string? Agenda,
    string Status,
    string StatusText,
    bool Cancelled,
    bool RegistrationOpen,
    string RegistrationClosesText,
    bool CanDecline,
    bool Registered,
    IReadOnlyList<TeamChoice> Teams,
    IReadOnlyList<SlotChoice> Slots,
    bool CanBookSlot,
    string? BookedSlotText,
    string RegistrationAction,
    string SlotAction,
    string CalendarHref)
{
    /// <param name="culture">The creator's clock and date order; the times stay in the workshop's own zone.</param>
    public static WorkshopLine From(CreatorTrainingView view, Instant now, CreatorCulture culture)
    {
        var t = view.Training;
        var zone = DateTimeZoneProviders.Tzdb[t.TimeZone];
        var registrationOpen = !t.Cancelled && now < t.RegistrationClosesAt;
        var started = now >= t.StartsAt;
        var registered = view.Status == "registered";
        var booked = t.MockLivestreamSlots.Slots.FirstOrDefault(s => s.SlotId == view.SlotId);
        var statusText = t.Cancelled ? "This workshop is cancelled."
            : view.Status switch
            {
                "registered" => "You have a seat.",
                "waitlisted" => $"You're on the waitlist, number {view.WaitlistPosition}.",
                "declined" => "You declined this invitation.",
                _ => "You're invited: accept to take a seat.",
            };
        return new WorkshopLine(
            t.Id,
            TrainingEmailModel.OneLine(t.Title),
            string.Join(", ", new[] { TrainingEmailModel.OneLine(t.Venue), TrainingEmailModel.OneLine(t.City) }.Where(s => s.Length > 0)),
            TrainingEmailModel.When(t.StartsAt.InZone(zone), t.EndsAt.InZone(zone), culture),
            string.IsNullOrWhiteSpace(t.Agenda) ? null : t.Agenda,
            view.Status,
            statusText,
            t.Cancelled,
            registrationOpen,
            TrainingEmailModel.At(t.RegistrationClosesAt.InZone(zone), culture),
            !t.Cancelled && !started && view.Status is "registered" or "waitlisted" or "invited",
            registered,
            t.Teams.Select(team => new TeamChoice(
                    team.Team,
                    $"team-{t.Id}-{Slug(team.Team)}",
                    string.Join(", ", team.Topics),
                    view.Teams.Contains(team.Team, StringComparer.Ordinal)))
                .ToList(),
            t.MockLivestreamSlots.Slots.Select(s => new SlotChoice(
                    s.SlotId,
                    $"slot-{t.Id}-{s.SlotId}",
                    $"{culture.Time(s.LocalStart.TimeOfDay)}–{culture.Time(s.EndsAt.InZone(zone).TimeOfDay)}",
                    s.Available))
                .ToList(),
            registered && !t.Cancelled && !started && view.SlotId is null && t.MockLivestreamSlots.Slots.Any(s => s.Available),
            booked is null ? null : $"{culture.Time(booked.LocalStart.TimeOfDay)}–{culture.Time(booked.EndsAt.InZone(zone).TimeOfDay)} ({ZoneName(zone)} time)",
            AccountPaths.WorkshopRegistration(t.Id),
            AccountPaths.WorkshopSlot(t.Id),
            AccountPaths.WorkshopCalendar(t.Id));
    }

    private static string Slug(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));
}

/// <param name="InputId">Unique in the page, for the label's <c>for</c>.</param>
public sealed record TeamChoice(string Team, string InputId, string Topics, bool Picked);

public sealed record SlotChoice(string SlotId, string InputId, string Label, bool Available);

/// <param name="Kind">The form value: <c>milestoneAlerts</c> or <c>weeklyReports</c>.</param>
public sealed record PreferenceLine(string Kind, string Label, string Hint, bool On, string InputId);

/// <summary>The quiz page: the quiz's state, the attempt's form while one is open, the result once graded.</summary>
public sealed record QuizPageView(
    string Title,
    string PolicyTitle,
    string ViolationText,
    string LastDayText,
    string AttemptsLeftText,
    string StatusText,
    string Csrf,
    bool CanStart,
    string StartAction,
    AttemptForm? Attempt,
    QuizResultView? Result);

public sealed record AttemptForm(string Action, string ExpiresText, IReadOnlyList<QuestionForm> Questions);

/// <param name="FieldName">The form field holding the chosen option's id.</param>
public sealed record QuestionForm(string QuestionId, int Number, string Text, string FieldName, IReadOnlyList<OptionForm> Options);

public sealed record OptionForm(string OptionId, string Text, string InputId);

/// <param name="OutcomeText">Whether a point came off, and why not when it didn't.</param>
/// <param name="StandingText">Where the creator stands after the attempt.</param>
public sealed record QuizResultView(string ScoreText, bool Passed, bool PointRemoved, string OutcomeText, string StandingText, IReadOnlyList<GradedLine> Questions);

public sealed record GradedLine(int Number, string Text, bool Correct, string ChosenText, string CorrectText, string Explanation);

/// <summary>Every path of the page, in one place (the templates and redirects take them from here).</summary>
public static class AccountPaths
{
    public const string Home = "/api/account";

    public static string Report(string reportId) => $"{Home}/reports/{Uri.EscapeDataString(reportId)}";

    public static string Quiz(string violationId) => $"{Home}/quizzes/{Uri.EscapeDataString(violationId)}";

    public static string QuizResult(string violationId, string attemptId) => $"{Quiz(violationId)}?attempt={Uri.EscapeDataString(attemptId)}";

    public static string QuizAttempts(string violationId) => $"{Quiz(violationId)}/attempts";

    public static string QuizAnswers(string violationId, string attemptId) => $"{QuizAttempts(violationId)}/{Uri.EscapeDataString(attemptId)}";

    public static string WorkshopRegistration(string trainingId) => $"{Home}/workshops/{Uri.EscapeDataString(trainingId)}/registration";

    public static string WorkshopSlot(string trainingId) => $"{Home}/workshops/{Uri.EscapeDataString(trainingId)}/slot";

    public static string WorkshopCalendar(string trainingId) => $"{Home}/workshops/{Uri.EscapeDataString(trainingId)}/calendar.ics";

    public const string Preferences = Home + "/preferences";

    /// <summary>The page again, with a fixed notice (<see cref="Notices"/>) and the section to scroll to.</summary>
    public static string HomeWith(string notice, string? fragment = null) => $"{Home}?notice={notice}" + (fragment is null ? "" : "#" + fragment);
}

/// <summary>
/// The notices a redirect may ask the page to show: fixed texts keyed by name, so nothing from the URL is ever echoed.
/// </summary>
public static class Notices
{
    public static readonly IReadOnlyDictionary<string, string> Texts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["registered"] = "You have a seat at the workshop.",
        ["waitlisted"] = "The workshop is full: you're on the waitlist, and we'll email you if a seat frees up.",
        ["declined"] = "You declined the workshop. If you had a place, it goes to the next creator on the waitlist.",
        ["slot-booked"] = "Your mock livestream slot is booked.",
        ["preferences-saved"] = "Your email preferences are saved.",
    };

    public static string? TextOf(string? key) => key is not null && Texts.TryGetValue(key, out var text) ? text : null;
}

/// <summary>How a quiz's state is worded, on the page and the quiz page alike.</summary>
public static class QuizTexts
{
    public static string Status(QuizStatus quiz, DateTimeZone zone, CreatorCulture culture) => quiz.CannotStart switch
    {
        QuizRefusal.Overturned => "Closed: the violation was overturned on appeal.",
        QuizRefusal.WindowClosed => $"Closed: it could be taken until {culture.Date(quiz.LastDay)}.",
        QuizRefusal.NoAttemptsLeft => "All attempts used.",
        _ => PassNow(quiz, zone, culture),
    };

    public static string PassNow(QuizStatus quiz, DateTimeZone zone, CreatorCulture culture) => quiz.PassNow.Outcome switch
    {
        RemovalOutcome.Removed => "Pass it to take one point off this violation.",
        RemovalOutcome.NoPointsLeft => "For learning only: this violation has no points left to take off.",
        RemovalOutcome.Cooldown when quiz.PassNow.NextPossibleAt is { } from =>
            $"For learning only until {culture.Date(CreatorCalendar.LocalDateOf(from, zone))}: a quiz of this type took a point off in the last {QuizRules.RemovalCooldownDays} days.",
        _ => "Open.",
    };
}
