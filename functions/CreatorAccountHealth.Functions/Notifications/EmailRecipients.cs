using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Erasure;
using CreatorAccountHealth.Functions.Storage;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>Who an email goes to, read when it is sent.</summary>
/// <param name="Erased">The creator's data was erased: suppressed, whatever else is known.</param>
public sealed record EmailRecipient(CreatorProfile? Profile, bool Erased = false);

/// <summary>The one place the notifications module looks a creator's address and preferences up.</summary>
public sealed class EmailRecipients(ICreatorStore creators, ErasureStore erasures)
{
    /// <summary>
    /// The creator's profile now; only without one (never known, or erased: erasure deletes the profile first) is the
    /// erasure tombstone read, so an erased creator is told apart with one more point read.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<EmailRecipient> GetAsync(string creatorId, CancellationToken cancellationToken)
    {
        var profile = await creators.GetProfileAsync(creatorId, cancellationToken);
        return profile is null
            ? new EmailRecipient(null, Erased: await erasures.ErasedAtAsync(creatorId, cancellationToken) is not null)
            : new EmailRecipient(profile);
    }
}
