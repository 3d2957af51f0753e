using System.Net;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Quizzes;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Quizzes;

/// <summary>
/// A creator's quiz ledger (<c>docType: quizLedger</c>, id <c>quiz-ledger</c>, in their partition of <c>creators</c>):
/// every attempt they started, its result once graded, and the points quizzes removed. One document, so every quiz
/// decision (may an attempt start? does a pass remove a point?) is read → decide → replace with its ETag, and two
/// decisions racing can't both count.
/// </summary>
public sealed record QuizLedgerDocument
{
    public const string DocumentId = "quiz-ledger";

    public string Id { get; init; } = DocumentId;

    public required string CreatorId { get; init; }

    public string DocType { get; init; } = DocTypes.QuizLedger;

    public List<QuizAttemptEntry> Attempts { get; init; } = [];

    public List<PointRemovalEntry> Removals { get; init; } = [];

    [JsonPropertyName("_etag")]
    public string? ETag { get; init; }

    public IReadOnlyList<QuizAttempt> ToAttempts() => Attempts.Select(a => new QuizAttempt(a.AttemptId, a.ViolationId, a.StartedAt, a.ExpiresAt, a.Result?.GradedAt)).ToList();

    public IReadOnlyList<PointRemoval> ToRemovals() => Removals.Select(r => r.ToDomain()).ToList();
}

/// <summary>One attempt: the questions and option order it showed, and once graded, its result.</summary>
public sealed record QuizAttemptEntry
{
    public required string AttemptId { get; init; }

    public required string ViolationId { get; init; }

    public required string PolicyCode { get; init; }

    public required string QuizType { get; init; }

    public required Instant StartedAt { get; init; }

    public required Instant ExpiresAt { get; init; }

    public required List<DrawnQuestionEntry> Questions { get; init; }

    /// <summary>Null until graded; then fixed: answering again returns it unchanged.</summary>
    public QuizResultEntry? Result { get; init; }

    public IReadOnlyList<DrawnQuestion> Drawn() => Questions.Select(q => new DrawnQuestion(q.QuestionId, q.OptionOrder)).ToList();
}

public sealed record DrawnQuestionEntry(string QuestionId, List<string> OptionOrder);

/// <param name="Outcome">Null when the attempt failed; otherwise what the pass did about a point.</param>
/// <param name="StandingAfter">The standing just after grading, as the answer showed it.</param>
public sealed record QuizResultEntry(
    Instant GradedAt,
    List<QuizAnswerEntry> Answers,
    int Score,
    int OutOf,
    int PassMark,
    bool Passed,
    List<GradedQuestionEntry> Questions,
    [property: JsonConverter(typeof(JsonStringEnumConverter<RemovalOutcome>))] RemovalOutcome? Outcome,
    Instant? NextRemovalPossibleAt,
    StandingAfterEntry StandingAfter);

public sealed record QuizAnswerEntry(string QuestionId, string OptionId);

public sealed record GradedQuestionEntry(string QuestionId, string ChosenOptionId, string CorrectOptionId, bool Correct);

public sealed record StandingAfterEntry(int ActivePoints, string? CurrentMilestone, string? NextMilestone, int? PointsToNextMilestone);

/// <param name="AttemptId">The passed attempt that removed the point.</param>
public sealed record PointRemovalEntry(string ViolationId, string QuizType, Instant RemovedAt, string AttemptId)
{
    public PointRemoval ToDomain() => new(ViolationId, QuizType, RemovedAt);
}

/// <summary>Reads and writes quiz ledgers: a point read, and a create or an <c>If-Match</c> replace.</summary>
public sealed class QuizLedgerStore(CosmosContainers containers)
{
    private readonly Container creators = containers.Creators;

    /// <summary>The creator's ledger with its ETag, or null when they never started an attempt.</summary>
    public Task<QuizLedgerDocument?> ReadAsync(string creatorId, CancellationToken cancellationToken) =>
        CosmosGuard.ReadOrNullAsync<QuizLedgerDocument>(creators, QuizLedgerDocument.DocumentId, new PartitionKey(creatorId), cancellationToken);

    /// <summary>
    /// Writes the ledger if nobody changed it since it was read at <paramref name="etag"/> (null: it didn't exist);
    /// false when someone did, so the caller decides again from what is there now.
    /// </summary>
    public async Task<bool> TrySaveAsync(QuizLedgerDocument ledger, string? etag, CancellationToken cancellationToken)
    {
        var document = ledger with { ETag = null };
        try
        {
            await CosmosGuard.WriteIfUnchangedAsync(creators, document, QuizLedgerDocument.DocumentId, new PartitionKey(ledger.CreatorId), etag, cancellationToken);
            return true;
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            return false;
        }
    }
}
