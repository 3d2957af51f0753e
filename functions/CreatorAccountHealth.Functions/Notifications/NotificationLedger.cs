using System.Net;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>The natural keys of the product's emails: the same email always has the same key, whoever sends it.</summary>
public static class EmailKeys
{
    public static string MilestoneAlert(string alertId) => "alert:" + alertId;

    /// <summary>
    /// One weekly report email per creator and run day (the UTC date of the run's cutoff): a repeat of the run, or another
    /// run started the same day, finds it settled with one point read, before the creator's time zone is even known.
    /// </summary>
    public static string WeeklyReport(Instant cutoff) =>
        "weekly-report:" + cutoff.InUtc().Date.ToString("yyyy'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Workshop(string emailId) => "workshop:" + emailId;
}

/// <summary>One email's delivery record, with the ETag it was read at.</summary>
/// <param name="Detail">SendGrid's answer when refused; why when suppressed or failed; the last error while pending.</param>
public sealed record DeliveryRecord(
    string CreatorId,
    string Key,
    EmailKind Kind,
    DeliveryStatus Status,
    int Attempts,
    string? LeaseOwner,
    Instant? LeaseUntil,
    Instant UpdatedAt,
    Instant? SentAt,
    SuppressionReason? Suppression,
    string? Detail,
    string? ETag)
{
    public DeliveryState State => new(Status, Attempts, LeaseOwner, LeaseUntil);

    public bool IsSettled => EmailDeliveryRules.IsSettled(Status);
}

/// <summary>
/// The notification ledger: one delivery record per email, in the creator's partition of the <c>creators</c> container
/// (<c>docType</c> <c>emailDelivery</c>, <c>id</c> <c>email:{key}</c>). Every write is a create (the record is new) or a
/// replace with the ETag it was read at, so of two deliveries racing for one email only one claims it.
/// </summary>
public sealed class NotificationLedger(CosmosContainers containers)
{
    public const string DocType = "emailDelivery";

    private readonly Container creators = containers.Creators;

    public static string DocumentId(string key) => "email:" + key;

    /// <summary>The record, or null when nothing was ever written for this email. One point read.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<DeliveryRecord?> ReadAsync(string creatorId, string key, CancellationToken cancellationToken)
    {
        var document = await CosmosGuard.ReadOrNullAsync<DeliveryDocument>(creators, DocumentId(key), new PartitionKey(creatorId), cancellationToken);
        return document?.ToRecord();
    }

    /// <summary>
    /// Writes <paramref name="next"/> if the record is still as <paramref name="current"/> was read (null: still absent).
    /// Returns the record written, with its new ETag; null when somebody changed it since (read again, decide again).
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<DeliveryRecord?> TryWriteAsync(DeliveryRecord? current, DeliveryRecord next, CancellationToken cancellationToken)
    {
        var document = DeliveryDocument.From(next);
        try
        {
            var response = await CosmosGuard.WriteIfUnchangedAsync(creators, document, document.Id, new PartitionKey(next.CreatorId), current?.ETag, cancellationToken);
            return next with { ETag = response.ETag };
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>When each of the creator's weekly report emails was sent, by run cutoff: one single-partition query.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<IReadOnlyDictionary<string, Instant>> SentAtAsync(string creatorId, EmailKind kind, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT c.key, c.sentAt FROM c WHERE c.creatorId = @creatorId AND c.docType = @docType AND c.kind = @kind AND c.status = @sent")
            .WithParameter("@creatorId", creatorId)
            .WithParameter("@docType", DocType)
            .WithParameter("@kind", Name(kind))
            .WithParameter("@sent", Name(DeliveryStatus.Sent));
        var rows = await CosmosGuard.QueryPartitionAsync<SentRow>(creators, query, new PartitionKey(creatorId), cancellationToken);
        return rows.Where(r => r.SentAt is not null).ToDictionary(r => r.Key, r => r.SentAt!.Value, StringComparer.Ordinal);
    }

    /// <summary>Enum values as stored: camelCase strings (<c>milestoneAlert</c>, <c>sent</c>, <c>optedOut</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private sealed record SentRow(string Key, Instant? SentAt);

    private sealed record DeliveryDocument
    {
        public required string Id { get; init; }

        public required string CreatorId { get; init; }

        public string DocType { get; init; } = NotificationLedger.DocType;

        public required string Key { get; init; }

        public required string Kind { get; init; }

        public required string Status { get; init; }

        public required int Attempts { get; init; }

        public string? LeaseOwner { get; init; }

        public Instant? LeaseUntil { get; init; }

        public required Instant UpdatedAt { get; init; }

        public Instant? SentAt { get; init; }

        public string? Suppression { get; init; }

        public string? Detail { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }

        public static DeliveryDocument From(DeliveryRecord r) => new()
        {
            Id = DocumentId(r.Key),
            CreatorId = r.CreatorId,
            Key = r.Key,
            Kind = Name(r.Kind),
            Status = Name(r.Status),
            Attempts = r.Attempts,
            LeaseOwner = r.LeaseOwner,
            LeaseUntil = r.LeaseUntil,
            UpdatedAt = r.UpdatedAt,
            SentAt = r.SentAt,
            Suppression = r.Suppression is { } reason ? Name(reason) : null,
            Detail = r.Detail,
        };

        public DeliveryRecord ToRecord() => new(
            CreatorId,
            Key,
            Enum.Parse<EmailKind>(Kind, ignoreCase: true),
            Enum.Parse<DeliveryStatus>(Status, ignoreCase: true),
            Attempts,
            LeaseOwner,
            LeaseUntil,
            UpdatedAt,
            SentAt,
            Suppression is null ? null : Enum.Parse<SuppressionReason>(Suppression, ignoreCase: true),
            Detail,
            ETag);
    }
}
