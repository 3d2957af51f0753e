using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// Report work on the queue: build the reports of one page of one shard's active creators, for the run whose cutoff is
/// <see cref="Cutoff"/>. A run starts with page 0 of every shard; each page puts the next one on the queue
/// (<see cref="Continuation"/> is the activity index query's continuation token), so a message's work stays bounded.
/// <para>
/// Plain types only (<see cref="DateTimeOffset"/>, not a NodaTime <c>Instant</c>): in Azure the worker binds the body with
/// its default serializer, which knows nothing of NodaTime.
/// </para>
/// </summary>
/// <param name="Rest">
/// Null for a page read from the activity index. Otherwise the creators of page <see cref="Page"/> still to do, from
/// position <see cref="Offset"/>: the rest of a page that ran out of its time budget, or that SendGrid or storage made
/// stop (then re-scheduled, <see cref="Attempt"/> counting, <see cref="FirstQueuedAt"/> bounding how long it keeps trying).
/// </param>
public sealed record ReportShardMessage(
    DateTimeOffset Cutoff,
    int Shard,
    int Page = 0,
    string? Continuation = null,
    IReadOnlyList<string>? Rest = null,
    int Offset = 0,
    int Attempt = 0,
    DateTimeOffset? FirstQueuedAt = null)
{
    public const string Subject = "weekly-report-shard";

    /// <summary>Whole seconds unless the cutoff has a fraction: <c>20261130T060000Z</c>.</summary>
    private static readonly InstantPattern IdPattern = InstantPattern.CreateWithInvariantCulture("uuuuMMdd'T'HHmmss.FFFFFFFFF'Z'");

    public static ReportShardMessage FirstPage(Instant cutoff, int shard) => new(cutoff.ToDateTimeOffset(), shard);

    /// <summary>The run a cutoff starts: asking twice for the same cutoff is the same run.</summary>
    public static string RunIdFor(Instant cutoff) => "weekly-reports-" + IdPattern.Format(cutoff);

    public Instant CutoffInstant() => Instant.FromDateTimeOffset(Cutoff);

    /// <summary>
    /// Deterministic per run, shard and page: the Service Bus MessageId, so duplicate detection drops a page enqueued twice
    /// (the same run started twice, a page redelivered after it had already enqueued its successor).
    /// </summary>
    public string MessageId() =>
        $"{RunIdFor(CutoffInstant())}-shard-{Shard:00}-page-{Page}"
        + (Rest is null ? "" : $"-from-{Offset}")
        + (Attempt == 0 ? "" : $"-retry-{Attempt}");

    public ReportShardMessage NextPage(string continuation) => new(Cutoff, Shard, Page + 1, continuation);

    /// <summary>The creators of this page from <paramref name="index"/> on (an index into <paramref name="creators"/>, this message's list), as their own message.</summary>
    public ReportShardMessage RestOf(IReadOnlyList<string> creators, int index, int attempt, DateTimeOffset firstQueuedAt) =>
        this with { Rest = creators.Skip(index).ToList(), Offset = Offset + index, Attempt = attempt, FirstQueuedAt = firstQueuedAt };

    public OutgoingMessage ToOutgoing() => new(MessageId(), Subject, BinaryData.FromObjectAsJson(this, AppJson.Options));
}
