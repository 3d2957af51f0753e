using System.Net;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>Where a training email stands: being sent (claimed), sent, refused by SendGrid, or failed for now.</summary>
public static class TrainingEmailStatus
{
    /// <summary>Claimed by one message, which is sending it.</summary>
    public const string Sending = "sending";

    /// <summary>SendGrid accepted it: never sent again.</summary>
    public const string Sent = "sent";

    /// <summary>SendGrid refused it for good; the message was dead-lettered. A replay of that message may try again.</summary>
    public const string Rejected = "rejected";

    /// <summary>SendGrid was unavailable; the claim is released and the message's redelivery tries again.</summary>
    public const string Failed = "failed";
}

/// <summary>One training email's delivery record, with the ETag it was read at.</summary>
/// <param name="ClaimedBy">The Service Bus message (id and sequence number) that claimed the email last.</param>
public sealed record TrainingEmailDelivery(string EmailId, string Status, string ClaimedBy, Instant At, string? Detail, string ETag);

/// <summary>
/// Training email delivery records: one document per email in the creator's partition of the <c>creators</c> container
/// (<c>docType</c> <c>trainingEmail</c>, id <c>training-email:{emailId}</c>). Every write is create-if-absent or a
/// replace with the ETag it was read at, so of two deliveries racing for one email only one claims it.
/// </summary>
public sealed class TrainingEmailLog(CosmosContainers containers)
{
    public const string DocType = "trainingEmail";

    private readonly Container creators = containers.Creators;

    public static string DocumentId(string emailId) => "training-email:" + emailId;

    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<TrainingEmailDelivery?> ReadAsync(string creatorId, string emailId, CancellationToken cancellationToken)
    {
        var document = await CosmosGuard.ReadOrNullAsync(
            () => creators.ReadItemAsync<TrainingEmailDocument>(DocumentId(emailId), new PartitionKey(creatorId), cancellationToken: cancellationToken),
            cancellationToken);
        return document is null ? null : new TrainingEmailDelivery(document.EmailId, document.Status, document.ClaimedBy, document.UpdatedAt, document.Detail, document.ETag!);
    }

    /// <summary>
    /// Writes the email's new state if nobody changed it since <paramref name="current"/> was read (null: if nobody
    /// created it since). Null when somebody did: read it again and decide again.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<TrainingEmailDelivery?> TryWriteAsync(
        TrainingEmailMessage message, TrainingEmailDelivery? current, string status, string claimedBy, Instant at, string? detail, CancellationToken cancellationToken)
    {
        var document = new TrainingEmailDocument
        {
            Id = DocumentId(message.EmailId),
            CreatorId = message.CreatorId,
            EmailId = message.EmailId,
            TrainingId = message.Training.TrainingId,
            Kind = TrainingEmailModel.KindName(message.Kind),
            Revision = message.Training.Revision,
            Status = status,
            ClaimedBy = claimedBy,
            UpdatedAt = at,
            SentAt = status == TrainingEmailStatus.Sent ? at : null,
            Detail = detail,
        };
        var partitionKey = new PartitionKey(message.CreatorId);
        try
        {
            var response = await CosmosGuard.RunAsync(
                () => current is null
                    ? creators.CreateItemAsync(document, partitionKey, NoContent, cancellationToken)
                    : creators.ReplaceItemAsync(document, document.Id, partitionKey, new ItemRequestOptions { IfMatchEtag = current.ETag, EnableContentResponseOnWrite = false }, cancellationToken),
                cancellationToken);
            return new TrainingEmailDelivery(message.EmailId, status, claimedBy, at, detail, response.ETag);
        }
        catch (CosmosException e) when (e.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed or HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private sealed record TrainingEmailDocument
    {
        public required string Id { get; init; }

        public required string CreatorId { get; init; }

        public string DocType { get; init; } = TrainingEmailLog.DocType;

        public required string EmailId { get; init; }

        public required string TrainingId { get; init; }

        public required string Kind { get; init; }

        public required int Revision { get; init; }

        public required string Status { get; init; }

        public required string ClaimedBy { get; init; }

        public required Instant UpdatedAt { get; init; }

        public Instant? SentAt { get; init; }

        public string? Detail { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }
}
