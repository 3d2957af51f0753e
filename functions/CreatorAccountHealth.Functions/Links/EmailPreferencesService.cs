using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Links;

/// <summary>Where a creator's email choice came from (logged; the rule is the same for both).</summary>
public enum EmailChoiceSource
{
    /// <summary>The email preferences form on the Account Standing page.</summary>
    Page,

    /// <summary>A mailbox's one-click unsubscribe (RFC 8058) or the unsubscribe page's button.</summary>
    Unsubscribe,
}

/// <summary>What became of a creator's email choice.</summary>
public abstract record EmailChoiceOutcome
{
    private EmailChoiceOutcome()
    {
    }

    /// <param name="Preferences">What the creator receives now, every kind.</param>
    /// <param name="Changed">False when the choice was already so: nothing was written.</param>
    public sealed record Saved(EmailPreferences Preferences, bool Changed) : EmailChoiceOutcome;

    /// <summary>Nothing is recorded for the creator (never known, or erased).</summary>
    public sealed record UnknownCreator : EmailChoiceOutcome;

    /// <summary>That kind of email can't be turned off (workshop emails).</summary>
    public sealed record NotOptional(EmailKind Kind) : EmailChoiceOutcome;
}

/// <summary>
/// The one use case for a creator's own email choices (the page's form and one-click unsubscribe alike): one point read
/// and at most one <c>If-Match</c> replace of the account document in the creator's partition. The choice is stored in
/// the account beside the profile (<see cref="AccountDocument.EmailChoices"/>), so the email path reads it with the
/// profile it already reads (no extra read per email), and it outranks the platform's preferences
/// (<see cref="CreatorEmailChoices"/>: a later <c>creator.upserted</c> doesn't undo it).
/// </summary>
public sealed class EmailPreferencesService(ICreatorStore creators, TimeProvider time, ILogger<EmailPreferencesService> logger)
{
    /// <summary>Turns <paramref name="kind"/> on or off for the creator, at once.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now (nothing changed).</exception>
    /// <exception cref="ConcurrencyConflictException">Other writers to the account kept winning.</exception>
    public async Task<EmailChoiceOutcome> SetAsync(string creatorId, EmailKind kind, bool on, EmailChoiceSource source, CancellationToken cancellationToken)
    {
        if (!CreatorEmailChoices.IsOptional(kind))
        {
            return new EmailChoiceOutcome.NotOptional(kind);
        }

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var known = true;
        var changed = false;
        var stored = await creators.UpdateAccountAsync(
            creatorId,
            pendingEventId: null,
            basis =>
            {
                known = !basis.ToDomain().IsUnknown;
                var choices = basis.EmailChoices ?? CreatorEmailChoices.None;
                changed = known && choices.For(kind)?.On != on;
                return Task.FromResult(changed ? basis with { EmailChoices = choices.With(kind, on, now) } : null);
            },
            cancellationToken);

        if (!known)
        {
            return new EmailChoiceOutcome.UnknownCreator();
        }

        if (changed)
        {
            logger.LogInformation("Creator {CreatorId} turned {Kind} emails {State} ({Source})", creatorId, kind, on ? "on" : "off", source);
        }

        return new EmailChoiceOutcome.Saved(PreferencesOf(stored), changed);
    }

    /// <summary>What the creator receives now (one point read); null when nothing is recorded for them.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<EmailPreferences?> GetAsync(string creatorId, CancellationToken cancellationToken) =>
        await creators.ReadAccountAsync(creatorId, cancellationToken) is { } account && !account.ToDomain().IsUnknown ? PreferencesOf(account) : null;

    private static EmailPreferences PreferencesOf(AccountDocument account) =>
        account.CurrentProfile()?.Emails ?? (account.EmailChoices ?? CreatorEmailChoices.None).Over(null);
}
