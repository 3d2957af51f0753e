using System.Text.Json;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// A creator's account (<c>docType: account</c>, id <c>account</c>, in their partition of <c>creators</c>): the
/// <see cref="CreatorAccount"/> entries, the alert memory with the alerts decided but not yet handed to the queue, and
/// what the report-activity index was last told. One document, so an event, its alerts and their outbox are one
/// <c>If-Match</c> replace. A document of an older <see cref="SchemaVersion"/> is rebuilt from the events. Violations past
/// the hot window live in the creator's <see cref="ArchiveDocument"/> instead.
/// </summary>
public sealed record AccountDocument
{
    public const string DocumentId = "account";

    /// <summary>Bump when the shape or the rules of what is kept change: every account is then rebuilt on first touch.
    /// 2: violations stored as compact arrays (<see cref="ViolationEntryConverter"/>).</summary>
    public const int CurrentSchemaVersion = 2;

    public string Id { get; init; } = DocumentId;

    public required string CreatorId { get; init; }

    public string DocType { get; init; } = DocTypes.Account;

    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    public ProfileEntry? Profile { get; init; }

    public List<ViolationEntry> Violations { get; init; } = [];

    public List<OverturnEntry> Overturns { get; init; } = [];

    public List<NoticeEntry> Notices { get; init; } = [];

    public List<AttendanceEntry> Attended { get; init; } = [];

    public List<QuizAttemptSummary> QuizAttempts { get; init; } = [];

    public List<RemovalEntry> Removals { get; init; } = [];

    public AlertMemory Alerts { get; init; } = new([], []);

    /// <summary>
    /// The creator's own email choices (<see cref="CreatorEmailChoices"/>): kept beside the profile, not in it, so a
    /// <c>creator.upserted</c> (which replaces the profile) or a rebuild from the events (which keeps this document's other
    /// fields) never undoes them. Null: never chose here.
    /// </summary>
    public CreatorEmailChoices? EmailChoices { get; init; }

    /// <summary>The issue time of the newest violation moved to the <see cref="ArchiveDocument"/> (null: it holds nothing
    /// the account keeps, so nobody reads it). See <see cref="CreatorAccount.ArchivedUntil"/>.</summary>
    public Instant? ArchivedUntil { get; init; }

    /// <summary>The <c>lastActivityAt</c> last written to the report-activity index (null: never).</summary>
    public Instant? ActivityIndexedAt { get; init; }

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public CreatorAccount ToDomain() => new(
        CreatorId,
        CurrentProfile(),
        Profile?.EventId,
        Violations.Select(v => v.ToDomain(CreatorId)).ToList(),
        Overturns.Select(o => new Overturn(o.ViolationId, CreatorId, o.OverturnedAt)).ToList(),
        Notices.Select(n => n.ToDomain(CreatorId)).ToList(),
        Attended.Select(a => new TrainingAttendance(a.TrainingId, a.Title, a.City, a.StartsAt, a.EndsAt, a.TimeZone, a.CheckedInAt)).ToList(),
        QuizAttempts.Select(a => new QuizAttempt(a.AttemptId, a.ViolationId, a.StartedAt, a.AnswerBy, a.GradedAt)).ToList(),
        Removals.Select(r => new PointRemoval(r.ViolationId, r.QuizType, r.RemovedAt)).ToList(),
        ArchivedUntil);

    /// <summary>The latest profile with the creator's own email choices: what emails are sent by.</summary>
    public CreatorProfile? CurrentProfile() => Profile?.ToDomain(CreatorId) is { } profile ? profile with { OwnChoices = EmailChoices } : null;

    public AlertState AlertState() => new(Alerts.Entries.Select(e => new AlertArming(e.MilestoneKey, e.Kind, e.Armed, e.Episodes)).ToList());

    /// <summary>This document with <paramref name="account"/>'s entries (alerts and activity mark unchanged).</summary>
    public AccountDocument With(CreatorAccount account) => this with
    {
        SchemaVersion = CurrentSchemaVersion,
        Profile = account.Profile is { } p ? new ProfileEntry(p.Email, p.DisplayName, p.Locale, p.TimeZoneId, p.EmailPreferences, p.UpdatedAt, account.ProfileEventId ?? "") : null,
        Violations = account.Violations.Select(ViolationEntry.From).ToList(),
        Overturns = account.Overturns.Select(o => new OverturnEntry(o.ViolationId, o.OverturnedAt)).ToList(),
        Notices = account.Notices.Select(n => new NoticeEntry(n.Id, n.Surface.ToWireName(), n.ContentId, n.SentAt, n.Title, n.Body)).ToList(),
        Attended = account.Attended.Select(a => new AttendanceEntry(a.TrainingId, a.Title, a.City, a.StartsAt, a.EndsAt, a.TimeZone, a.CheckedInAt)).ToList(),
        QuizAttempts = account.QuizAttempts.Select(a => new QuizAttemptSummary(a.AttemptId, a.ViolationId, a.StartedAt, a.AnswerBy, a.GradedAt)).ToList(),
        Removals = account.Removals.Select(r => new RemovalEntry(r.ViolationId, r.QuizType, r.RemovedAt)).ToList(),
        ArchivedUntil = account.ArchivedUntil,
    };

    public AccountDocument With(AlertState state, IEnumerable<JsonElement> pending) => this with
    {
        Alerts = new AlertMemory(state.Entries.Select(e => new AlertArmingEntry(e.MilestoneKey, e.Kind, e.Armed, e.Episodes)).ToList(), pending.ToList()),
    };
}

public sealed record ProfileEntry(string Email, string DisplayName, string? Locale, string? TimeZone, EmailPreferences? EmailPreferences, Instant UpdatedAt, string EventId)
{
    public CreatorProfile ToDomain(string creatorId) => new(creatorId, Email, DisplayName, Locale, TimeZone, UpdatedAt, EmailPreferences);
}

/// <summary>Stored as an array (<see cref="ViolationEntryConverter"/>): an account of a heavy creator holds a year of these.</summary>
[JsonConverter(typeof(ViolationEntryConverter))]
public sealed record ViolationEntry(string ViolationId, string PolicyCode, string Surface, string ContentId, Instant IssuedAt, int Points, string? Message)
{
    public Violation ToDomain(string creatorId) => new(ViolationId, creatorId, PolicyCode, ViolationDocument.ParseSurface(Surface), ContentId, IssuedAt, Points, Message);

    public static ViolationEntry From(Violation v) => new(v.Id, v.PolicyCode, v.Surface.ToWireName(), v.ContentId, v.IssuedAt, v.Points, v.Message);
}

public sealed record OverturnEntry(string ViolationId, Instant OverturnedAt);

public sealed record NoticeEntry(string NoticeId, string Surface, string? ContentId, Instant SentAt, string Title, string Body)
{
    public Notice ToDomain(string creatorId) => new(NoticeId, creatorId, ViolationDocument.ParseSurface(Surface), ContentId, SentAt, Title, Body);
}

public sealed record AttendanceEntry(string TrainingId, string Title, string City, Instant StartsAt, Instant EndsAt, string TimeZone, Instant CheckedInAt);

/// <summary>What the rules read of an attempt; the attempt itself (questions, answers, result) stays in the quiz ledger.</summary>
public sealed record QuizAttemptSummary(string AttemptId, string ViolationId, Instant StartedAt, Instant? AnswerBy, Instant? GradedAt);

public sealed record RemovalEntry(string ViolationId, string QuizType, Instant RemovedAt);

/// <summary>Which alerts may fire, and the alerts decided but not yet on the queue (their queued message bodies).</summary>
public sealed record AlertMemory(List<AlertArmingEntry> Entries, List<JsonElement> Pending);

public sealed record AlertArmingEntry(string MilestoneKey, [property: JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))] AlertKind Kind, bool Armed, int Episodes);
