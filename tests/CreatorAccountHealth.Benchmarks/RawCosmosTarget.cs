using System.Net;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>
/// Phase B: the storage alone. Each operation creates the document the webhook would have stored for the same
/// violation, with the same client settings and request options as <see cref="CosmosCreatorStore"/>.
/// </summary>
internal sealed class RawCosmosTarget(Container container, ViolationSamples samples) : ILoadTarget
{
    // As the store: the receipt comes from the document we already have, so don't ship it back.
    private static readonly ItemRequestOptions NoContentResponse = new() { EnableContentResponseOnWrite = false };

    public async Task<string?> SendAsync(string batch, int sequence, CancellationToken cancellationToken)
    {
        var v = samples.Get(batch, sequence);
        var issuedAt = Instant.FromDateTimeOffset(v.IssuedAt);

        // Typed as the base record, as the store writes it, so the serializer adds the "docType" discriminator.
        CreatorDocument document = new ViolationDocument
        {
            Id = DocTypes.Violation + ":" + v.ViolationId,
            CreatorId = v.CreatorId,
            EventId = v.EventId,
            OccurredAt = issuedAt,
            ReceivedAt = Instant.FromDateTimeOffset(DateTimeOffset.UtcNow),
            ViolationId = v.ViolationId,
            PolicyCode = v.Policy.Code,
            Surface = v.Surface,
            ContentId = v.ContentId,
            IssuedAt = issuedAt,
            Points = v.Policy.Points,
            Message = v.Message,
        };

        try
        {
            var response = await container.CreateItemAsync(document, new PartitionKey(v.CreatorId), NoContentResponse, cancellationToken);
            return response.StatusCode == HttpStatusCode.Created ? null : $"Cosmos {(int)response.StatusCode} {response.StatusCode}";
        }
        catch (CosmosException e)
        {
            return $"Cosmos {(int)e.StatusCode} {e.StatusCode}";
        }
    }
}
