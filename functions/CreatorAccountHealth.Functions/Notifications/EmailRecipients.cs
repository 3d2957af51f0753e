using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Storage;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>Who an email goes to, read when it is sent.</summary>
/// <param name="Erased">The creator's data was erased: suppressed, whatever else is known.</param>
public sealed record EmailRecipient(CreatorProfile? Profile, bool Erased = false);

/// <summary>The one place the notifications module looks a creator's address and preferences up.</summary>
public sealed class EmailRecipients(ICreatorStore creators)
{
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<EmailRecipient> GetAsync(string creatorId, CancellationToken cancellationToken) =>
        new((await creators.LoadHistoryAsync(creatorId, cancellationToken)).Profile);
}
