using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Webhooks;
using NodaTime;

namespace CreatorAccountHealth.Functions.Storage;

/// <param name="IsNew">False when the event (or its subject) had already been recorded: nothing changed.</param>
public sealed record RecordResult(bool IsNew, EventReceipt Receipt);

/// <summary>Everything stored about creators. Every operation stays inside one creator's partition.</summary>
public interface ICreatorStore
{
    /// <summary>Records the event idempotently: a repeat returns the original receipt and changes nothing.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<RecordResult> RecordAsync(PlatformEvent platformEvent, Instant receivedAt, CancellationToken cancellationToken);

    /// <summary>The creator's history, <see cref="CreatorHistory.IsUnknown"/> when nothing was ever recorded.</summary>
    /// <exception cref="StorageUnavailableException">Storage is down, throttling or too slow.</exception>
    Task<CreatorHistory> LoadHistoryAsync(string creatorId, CancellationToken cancellationToken);
}
