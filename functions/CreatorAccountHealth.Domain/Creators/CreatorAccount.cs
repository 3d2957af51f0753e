using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Creators;

/// <summary>Something recorded for a creator that their account keeps what it needs of.</summary>
public abstract record AccountEvent;

/// <param name="EventId">Breaks ties between two updates that occurred at the same instant, so every order agrees.</param>
public sealed record ProfileUpdated(CreatorProfile Profile, string EventId) : AccountEvent;

public sealed record ViolationIssued(Violation Violation) : AccountEvent;

public sealed record ViolationOverturned(Overturn Overturn) : AccountEvent;

public sealed record NoticeSent(Notice Notice) : AccountEvent;

public sealed record WorkshopAttended(TrainingAttendance Attendance) : AccountEvent;

/// <summary>The quiz ledger as written (its attempts and removals); merged, so an older copy never undoes a newer one.</summary>
public sealed record QuizzesRecorded(IReadOnlyList<QuizAttempt> Attempts, IReadOnlyList<PointRemoval> Removals) : AccountEvent;

/// <summary>
/// How long an account keeps what it holds: everything the rules can still read, nothing more.
/// </summary>
/// <param name="KeepFor">Violations, overturns, quizzes and attendance younger than this. The longest of the points'
/// active window, the repeat rule's window, a quiz's window and an invitation rule's lookback, plus a margin for a
/// report built for a cutoff a little in the past.</param>
/// <param name="KeepNoticesFor">Notices are only shown by the weekly report (this week and the previous one).</param>
/// <param name="MaxEstimatedChars">The size bound (characters of text, ~bytes): beyond it the oldest notices go first,
/// then the free-text messages of the oldest violations; a violation itself is never dropped while it can count.</param>
/// <param name="KeepMessagesFor">A violation's free-text message is shown while its points count (alerts, reports);
/// older violations are kept for the rules that look further back (repeats, invitations) without it.</param>
/// <param name="HotFor">The violations every request reads: the longest window of the rules that run on every event or
/// read (points active, the repeat rule, a quiz's window) plus the margin; everything but an invitation rule's lookback.
/// Older violations move to the account's archive (<see cref="ViolationArchive"/>), read only by the rules that look
/// further back.</param>
/// <param name="ArchiveEvery">How far past <paramref name="HotFor"/> the oldest violation may get before the move: moves
/// come in batches, so the archive is written about once this long per creator, never on a typical event.</param>
public sealed record AccountRetention(Duration KeepFor, Duration KeepNoticesFor, int MaxEstimatedChars, Duration KeepMessagesFor, Duration HotFor, Duration ArchiveEvery)
{
    /// <summary>A quiz stays open until the end of the month after its violation: at most 62 days, plus a zone's offset.</summary>
    public static readonly Duration LongestQuizWindow = Duration.FromDays(63);

    /// <summary>A report's cutoff may lag the clock (a re-run, a redelivered page); what it reads must still be there.</summary>
    public static readonly Duration Margin = Duration.FromDays(14);

    /// <summary>Well under Cosmos DB's 2 MB item limit once JSON names and escapes are added.</summary>
    public const int DefaultMaxEstimatedChars = 1_000_000;

    /// <summary>The archive is written at most about once a week per creator.</summary>
    public static readonly Duration DefaultArchiveEvery = Duration.FromDays(7);

    public static AccountRetention For(StandingRules rules)
    {
        Duration[] hot = [rules.PointsActiveFor, rules.RepeatRule.Window, LongestQuizWindow];
        var keep = Duration.Max(hot.Max(), Duration.FromDays(InvitationRule.MaxWithinDays)) + Margin;
        return new AccountRetention(keep, Duration.FromDays(14) + Margin, DefaultMaxEstimatedChars, rules.PointsActiveFor + Margin, hot.Max() + Margin, DefaultArchiveEvery);
    }

    /// <summary>
    /// Whether a rule that looks <paramref name="lookback"/> back from now needs the archive too. The account always holds
    /// the violations of the last <see cref="HotFor"/> (they move later, never sooner); the margin covers a writer whose
    /// clock runs a little ahead.
    /// </summary>
    public bool NeedsArchive(Duration lookback) => lookback > HotFor - Margin;

    /// <summary>Whether violations issued up to <paramref name="oldestIssuedAt"/> (the account's oldest) are due to move.</summary>
    public bool ArchiveIsDue(Instant oldestIssuedAt, Instant now) => oldestIssuedAt <= now - HotFor - ArchiveEvery;
}

/// <summary>What <see cref="CreatorAccount.MoveToArchive"/> decided: the account without them, and the violations to archive.</summary>
public sealed record ArchiveMove(CreatorAccount Account, IReadOnlyList<Violation> Moved);

/// <summary>
/// What a creator's account holds: their latest profile and every entry the rules can still read. Built by applying
/// recorded events one by one (<see cref="Apply"/>), in any order, any number of times: the result depends only on the
/// set of events and <c>now</c>. Expiry is not stored: the standing is computed from these entries at read time.
/// Lists are kept in a canonical order so two accounts with the same content compare equal (<see cref="SameAs"/>).
/// Violations older than <see cref="AccountRetention.HotFor"/> move, in batches, to the account's archive
/// (<see cref="MoveToArchive"/>, <see cref="ViolationArchive"/>); <see cref="ArchivedUntil"/> says up to when it holds
/// some, and <see cref="WithArchive"/> is the whole account for the rules that look further back.
/// </summary>
/// <param name="ArchivedUntil">The issue time of the newest violation moved to the archive; null when the archive holds
/// nothing the account keeps (so nobody needs to read it).</param>
public sealed record CreatorAccount(
    string CreatorId,
    CreatorProfile? Profile,
    string? ProfileEventId,
    IReadOnlyList<Violation> Violations,
    IReadOnlyList<Overturn> Overturns,
    IReadOnlyList<Notice> Notices,
    IReadOnlyList<TrainingAttendance> Attended,
    IReadOnlyList<QuizAttempt> QuizAttempts,
    IReadOnlyList<PointRemoval> Removals,
    Instant? ArchivedUntil = null)
{
    public static CreatorAccount Empty(string creatorId) => new(creatorId, null, null, [], [], [], [], [], []);

    /// <summary>True when nothing at all is known of the creator (the archive included).</summary>
    public bool IsUnknown => ToHistory().IsUnknown;

    /// <summary>The history the rules read (standing, alerts, reports, quizzes; with <see cref="WithArchive"/>, invitations).</summary>
    public CreatorHistory ToHistory() => new(CreatorId, Profile, Violations, Overturns, Notices, Removals, Attended, QuizAttempts, ArchivedUntil);

    /// <summary>The account with <paramref name="accountEvent"/> applied and what can no longer count pruned.</summary>
    public CreatorAccount Apply(AccountEvent accountEvent, Instant now, AccountRetention retention)
    {
        var changed = accountEvent switch
        {
            // The platform's update replaces what it owns; the creator's own email choices stay (CreatorEmailChoices).
            ProfileUpdated p when IsNewer(p, this) => this with { Profile = p.Profile with { OwnChoices = Profile?.OwnChoices }, ProfileEventId = p.EventId },
            ProfileUpdated => this,
            ViolationIssued v when Violations.All(x => x.Id != v.Violation.Id) => this with { Violations = [.. Violations, v.Violation] },
            ViolationOverturned o when Overturns.All(x => x.ViolationId != o.Overturn.ViolationId) => this with { Overturns = [.. Overturns, o.Overturn] },
            NoticeSent n when Notices.All(x => x.Id != n.Notice.Id) => this with { Notices = [.. Notices, n.Notice] },
            WorkshopAttended a when Attended.All(x => x.TrainingId != a.Attendance.TrainingId) => this with { Attended = [.. Attended, a.Attendance] },
            QuizzesRecorded q => this with { QuizAttempts = MergeAttempts(QuizAttempts, q.Attempts), Removals = [.. Removals.Union(q.Removals)] },
            ViolationIssued or ViolationOverturned or NoticeSent or WorkshopAttended => this,
            _ => throw new ArgumentOutOfRangeException(nameof(accountEvent), accountEvent.GetType().Name, "Unknown account event."),
        };
        return changed.Pruned(now, retention);
    }

    /// <summary>The account a set of events makes, as <see cref="Apply"/> would make it one event at a time.</summary>
    public static CreatorAccount Rebuild(string creatorId, IEnumerable<AccountEvent> events, Instant now, AccountRetention retention) =>
        events.Aggregate(Empty(creatorId), (account, e) => account.Apply(e, now, retention));

    /// <summary>
    /// Moves the violations past <see cref="AccountRetention.HotFor"/> to the archive once the oldest is
    /// <see cref="AccountRetention.ArchiveEvery"/> past it (<paramref name="now"/> as the batch boundary), or whenever there
    /// are any with <paramref name="all"/> (a rebuild); null when nothing moves. The moved violations leave without their
    /// message (shown only while points count).
    /// </summary>
    public ArchiveMove? MoveToArchive(Instant now, AccountRetention retention, bool all = false)
    {
        if (Violations.Count == 0)
        {
            return null;
        }

        var oldest = Violations.Min(v => v.IssuedAt);
        var hotSince = now - retention.HotFor;
        if (all ? oldest > hotSince : !retention.ArchiveIsDue(oldest, now))
        {
            return null;
        }

        var moved = Violations.Where(v => v.IssuedAt <= hotSince).Select(v => v.Message is null ? v : v with { Message = null }).ToList();
        var newest = moved.Max(v => v.IssuedAt);
        var until = ArchivedUntil is { } before && before > newest ? before : newest;
        return new ArchiveMove(this with { Violations = Violations.Where(v => v.IssuedAt > hotSince).ToList(), ArchivedUntil = until }, moved);
    }

    /// <summary>
    /// The whole account: this one with the archived violations back in (by id: a violation a crash left in both places
    /// counts once), what <see cref="Apply"/> would have made had nothing moved. For the rules that look back further
    /// than <see cref="AccountRetention.HotFor"/> (<see cref="AccountRetention.NeedsArchive"/>).
    /// </summary>
    public CreatorAccount WithArchive(ViolationArchive archive, Instant now, AccountRetention retention)
    {
        var hot = Violations.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        return (this with { Violations = [.. Violations, .. archive.Violations.Where(v => !hot.Contains(v.Id))], ArchivedUntil = null }).Pruned(now, retention);
    }

    /// <summary>Same content (the lists are canonical, so element by element).</summary>
    public bool SameAs(CreatorAccount other) =>
        CreatorId == other.CreatorId
        && Equals(Profile, other.Profile)
        && ProfileEventId == other.ProfileEventId
        && Violations.SequenceEqual(other.Violations)
        && Overturns.SequenceEqual(other.Overturns)
        && Notices.SequenceEqual(other.Notices)
        && Attended.SequenceEqual(other.Attended)
        && QuizAttempts.SequenceEqual(other.QuizAttempts)
        && Removals.SequenceEqual(other.Removals);

    /// <summary>A rough size in characters of text: what the size bound is checked against.</summary>
    public int EstimatedChars() =>
        (Profile is null ? 0 : 600)
        + Violations.Sum(v => 300 + v.Id.Length + v.PolicyCode.Length + v.ContentId.Length + (v.Message?.Length ?? 0))
        + Overturns.Sum(o => 150 + o.ViolationId.Length)
        + Notices.Sum(n => 250 + n.Id.Length + (n.ContentId?.Length ?? 0) + n.Title.Length + n.Body.Length)
        + Attended.Sum(a => 300 + a.TrainingId.Length + a.Title.Length + a.City.Length + a.TimeZone.Length)
        + QuizAttempts.Sum(a => 200 + a.AttemptId.Length + a.ViolationId.Length)
        + Removals.Sum(r => 150 + r.ViolationId.Length + r.QuizType.Length);

    private static bool IsNewer(ProfileUpdated candidate, CreatorAccount current) =>
        current.Profile is null
        || candidate.Profile.UpdatedAt > current.Profile.UpdatedAt
        || (candidate.Profile.UpdatedAt == current.Profile.UpdatedAt && string.CompareOrdinal(candidate.EventId, current.ProfileEventId) > 0);

    /// <summary>Graded wins over started, so a copy of the ledger read before grading never ungrades an attempt.</summary>
    private static IReadOnlyList<QuizAttempt> MergeAttempts(IReadOnlyList<QuizAttempt> current, IReadOnlyList<QuizAttempt> incoming) =>
        current.Concat(incoming)
            .GroupBy(a => a.AttemptId, StringComparer.Ordinal)
            .Select(g => g.FirstOrDefault(a => a.GradedAt is not null) ?? g.First())
            .ToList();

    /// <summary>
    /// Drops what no rule can read any more and puts the lists in canonical order. Every test is about one entry and
    /// <paramref name="now"/> (or a violation's presence), so the result doesn't depend on the order events came in.
    /// </summary>
    private CreatorAccount Pruned(Instant now, AccountRetention retention)
    {
        var keepSince = now - retention.KeepFor;
        var messagesSince = now - retention.KeepMessagesFor;
        var violations = Violations.Where(v => v.IssuedAt > keepSince)
            .Select(v => v.IssuedAt > messagesSince || v.Message is null ? v : v with { Message = null })
            .OrderBy(v => v.IssuedAt).ThenBy(v => v.Id, StringComparer.Ordinal).ToList();
        var kept = violations.Select(v => v.Id).ToHashSet(StringComparer.Ordinal);
        var pruned = this with
        {
            Violations = violations,
            Overturns = Overturns.Where(o => kept.Contains(o.ViolationId) || o.OverturnedAt > keepSince)
                .OrderBy(o => o.ViolationId, StringComparer.Ordinal).ToList(),
            Notices = Notices.Where(n => n.SentAt > now - retention.KeepNoticesFor)
                .OrderBy(n => n.SentAt).ThenBy(n => n.Id, StringComparer.Ordinal).ToList(),
            Attended = Attended.Where(a => a.CheckedInAt > keepSince).OrderBy(a => a.TrainingId, StringComparer.Ordinal).ToList(),
            QuizAttempts = QuizAttempts.Where(a => kept.Contains(a.ViolationId) || a.StartedAt > keepSince)
                .OrderBy(a => a.AttemptId, StringComparer.Ordinal).ToList(),
            Removals = Removals.Where(r => kept.Contains(r.ViolationId) || r.RemovedAt > keepSince).Distinct()
                .OrderBy(r => r.ViolationId, StringComparer.Ordinal).ThenBy(r => r.RemovedAt).ThenBy(r => r.QuizType, StringComparer.Ordinal).ToList(),
        };
        return pruned.Bounded(retention.MaxEstimatedChars) with { ArchivedUntil = ArchivedUntil > keepSince ? ArchivedUntil : null };
    }

    /// <summary>Over the bound: the oldest notices go first, then the messages of the oldest violations (the report
    /// shows a violation without its message); no violation, overturn or removal is ever dropped for size.</summary>
    private CreatorAccount Bounded(int maxChars)
    {
        var account = this;
        var size = account.EstimatedChars();
        if (size <= maxChars)
        {
            return account;
        }

        var notices = account.Notices.ToList();
        while (size > maxChars && notices.Count > 0)
        {
            size -= 250 + notices[0].Id.Length + (notices[0].ContentId?.Length ?? 0) + notices[0].Title.Length + notices[0].Body.Length;
            notices.RemoveAt(0);
        }

        var violations = account.Violations.ToList();
        for (var i = 0; size > maxChars && i < violations.Count; i++)
        {
            if (violations[i].Message is { } message)
            {
                size -= message.Length;
                violations[i] = violations[i] with { Message = null };
            }
        }

        return account with { Notices = notices, Violations = violations };
    }
}
