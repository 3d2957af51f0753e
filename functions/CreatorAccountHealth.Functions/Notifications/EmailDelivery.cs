using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Telemetry;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Notifications;

/// <summary>One email to send once.</summary>
/// <param name="Category">The email's SendGrid category (its kind in SendGrid's statistics and the <c>email.kind</c> of the emails metric).</param>
/// <param name="Key">The email's natural key (<see cref="EmailKeys"/>): its delivery record's id.</param>
/// <param name="Render">The email for the recipient as known now.</param>
/// <param name="Recipient">The recipient when the caller has just read it; else it is read (after the ledger says the email is still due).</param>
/// <param name="RetryRefused">An operator re-drove the message after fixing what SendGrid refused: try a refused email once more.</param>
/// <param name="JustRead">The caller has just read the email's record (null inside when there is none): the first round
/// decides on it without reading it again. Its write is a create or an <c>If-Match</c> replace of exactly what was read, so
/// if another delivery wrote meanwhile, the write fails and the next round reads.</param>
public sealed record EmailJob(
    string CreatorId, string Key, EmailKind Kind, string Category, Func<CreatorProfile, OutgoingEmail> Render, EmailRecipient? Recipient = null, bool RetryRefused = false,
    LedgerRead? JustRead = null);

/// <summary>What a read of the ledger found: the record, or null when nothing was ever written for the email.</summary>
public sealed record LedgerRead(DeliveryRecord? Record);

/// <summary>What became of an email handed to <see cref="EmailDelivery"/>.</summary>
public abstract record DeliveryOutcome
{
    private DeliveryOutcome()
    {
    }

    public sealed record Sent : DeliveryOutcome;

    /// <summary>Sent, refused or suppressed before: nothing was done.</summary>
    public sealed record AlreadySettled(DeliveryStatus Status) : DeliveryOutcome;

    public sealed record Suppressed(SuppressionReason Reason, string Description) : DeliveryOutcome;

    /// <summary>SendGrid refused it for good; <paramref name="Detail"/> is its status and error text.</summary>
    public sealed record Refused(string Detail) : DeliveryOutcome;

    /// <summary>Not sent, still pending: try again, not before <paramref name="NotBefore"/> when given.</summary>
    /// <param name="CredentialsRefused">SendGrid refused our key: nothing will go out until it is fixed.</param>
    public sealed record RetryLater(string Reason, TimeSpan? NotBefore, bool CredentialsRefused = false) : DeliveryOutcome;
}

/// <summary>
/// Sends an email once, for every kind: read its delivery record (<see cref="NotificationLedger"/>); settled → nothing to
/// do; held by another delivery's live lease → try later; else read the recipient, suppress (opted out, no address,
/// erased) or claim it with <c>If-Match</c> under a lease owned by this call (a fresh id: never the message id, so a
/// redelivered message can't mistake a running delivery's claim for its own), send, settle.
/// <para>
/// The one window left: SendGrid accepted the email and this process stopped before the settle reached Cosmos DB (SendGrid
/// has no idempotency key). The lease then runs out and a redelivery sends again. The settle is the next call after
/// SendGrid answers, retried on storage failures, so the window is one Cosmos DB write (milliseconds).
/// </para>
/// </summary>
public sealed class EmailDelivery(
    NotificationLedger ledger,
    EmailRecipients recipients,
    SendGridEmailSender sender,
    EmailChannelHealth channel,
    TimeProvider time,
    AppMetrics metrics,
    ILogger<EmailDelivery> logger)
{
    /// <summary>
    /// How long a claim holds: longer than one send can take (<see cref="SendGridRetry"/>: four attempts of at most 30 s,
    /// at most 30 s between them, 3.5 minutes). Once it runs out, another delivery may take the email over.
    /// </summary>
    public static readonly Duration Lease = Duration.FromMinutes(5);

    private const int MaxConcurrentChanges = 5;
    private const int SettleAttempts = 4;

    /// <summary>Delivers once and counts the outcome: this is where every email of every kind settles, so the one place it is counted.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now (nothing was sent).</exception>
    public async Task<DeliveryOutcome> DeliverOnceAsync(EmailJob job, CancellationToken cancellationToken)
    {
        var outcome = await DecideAndSendAsync(job, cancellationToken);
        metrics.Email(job.Category, outcome switch
        {
            DeliveryOutcome.Sent => AppMetrics.EmailOutcomes.Sent,
            DeliveryOutcome.AlreadySettled or DeliveryOutcome.Suppressed => AppMetrics.EmailOutcomes.Suppressed,
            DeliveryOutcome.Refused => AppMetrics.EmailOutcomes.Refused,
            _ => AppMetrics.EmailOutcomes.Retried,
        });
        return outcome;
    }

    private async Task<DeliveryOutcome> DecideAndSendAsync(EmailJob job, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var recipient = job.Recipient;
        for (var attempt = 0; attempt < MaxConcurrentChanges; attempt++)
        {
            var current = attempt == 0 && job.JustRead is { } read ? read.Record : await ledger.ReadAsync(job.CreatorId, job.Key, cancellationToken);
            var now = Now();
            switch (EmailDeliveryRules.Decide(current?.State, owner, now, job.RetryRefused))
            {
                case ClaimDecision.Settled settled:
                    logger.LogInformation("Email {EmailKey} of creator {CreatorId} is {Status} already; not sent again", job.Key, job.CreatorId, settled.Status);
                    return new DeliveryOutcome.AlreadySettled(settled.Status);
                case ClaimDecision.Held held:
                    logger.LogInformation("Email {EmailKey} of creator {CreatorId} is being sent by another delivery until {Until}", job.Key, job.CreatorId, held.Until);
                    return new DeliveryOutcome.RetryLater("another delivery holds the email's lease", (held.Until - now).ToTimeSpan());
            }

            recipient ??= await recipients.GetAsync(job.CreatorId, cancellationToken);
            if (EmailDeliveryRules.Suppression(job.Kind, recipient.Profile, recipient.Erased) is { } reason)
            {
                var why = EmailDeliveryRules.Describe(reason, job.Kind);
                if (reason == SuppressionReason.Erased)
                {
                    // Nothing is written back into an erased creator's partition: the tombstone already settles every email.
                    logger.LogInformation("Email {EmailKey} not sent: {Reason}", job.Key, why);
                    return new DeliveryOutcome.Suppressed(reason, why);
                }

                var suppressed = Next(job, current, DeliveryStatus.Suppressed, now) with { Suppression = reason, Detail = why };
                if (await ledger.TryWriteAsync(current, suppressed, cancellationToken) is null)
                {
                    continue;
                }

                logger.LogInformation("Email {EmailKey} of creator {CreatorId} not sent: {Reason}", job.Key, job.CreatorId, why);
                return new DeliveryOutcome.Suppressed(reason, why);
            }

            var claim = Next(job, current, DeliveryStatus.Sending, now) with { Attempts = (current?.Attempts ?? 0) + 1, LeaseOwner = owner, LeaseUntil = now + Lease };
            if (await ledger.TryWriteAsync(current, claim, cancellationToken) is not { } claimed)
            {
                // Somebody changed it since we read it: look again.
                continue;
            }

            return await SendAsync(job, claimed, recipient.Profile!, cancellationToken);
        }

        throw new StorageUnavailableException($"Email {job.Key} of creator {job.CreatorId} kept changing while being claimed.", TimeSpan.FromSeconds(1), new InvalidOperationException());
    }

    /// <summary>
    /// Records that producing an email failed for good (a bug, bad data), unless it is settled: the record stays unsettled,
    /// so a re-run tries again, and says why.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task RecordFailureAsync(string creatorId, string key, EmailKind kind, string detail, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxConcurrentChanges; attempt++)
        {
            var current = await ledger.ReadAsync(creatorId, key, cancellationToken);
            if (current is { IsSettled: true })
            {
                return;
            }

            var failed = new DeliveryRecord(creatorId, key, kind, DeliveryStatus.Failed, current?.Attempts ?? 0, null, null, Now(), null, null, detail, null);
            if (await ledger.TryWriteAsync(current, failed, cancellationToken) is not null)
            {
                return;
            }
        }
    }

    private async Task<DeliveryOutcome> SendAsync(EmailJob job, DeliveryRecord claimed, CreatorProfile profile, CancellationToken cancellationToken)
    {
        SendOutcome sent;
        try
        {
            sent = await sender.SendAsync(job.Render(profile), profile.Email, profile.DisplayName, cancellationToken);
        }
        catch (Exception)
        {
            // Nothing went out (rendering failed, or we were cancelled before SendGrid answered): free the email at once.
            await ReleaseAsync(claimed, "the send did not complete", CancellationToken.None);
            throw;
        }

        switch (sent)
        {
            case SendOutcome.Accepted:
                channel.Accepted();
                await SettleAsync(claimed, DeliveryStatus.Sent, null);
                logger.LogInformation("Email {EmailKey} ({Kind}) sent to creator {CreatorId}", job.Key, job.Kind, job.CreatorId);
                return new DeliveryOutcome.Sent();

            case SendOutcome.Rejected rejected:
                var detail = $"SendGrid answered {rejected.StatusCode}: {rejected.Errors}";
                await SettleAsync(claimed, DeliveryStatus.Refused, detail);
                logger.LogError("Email {EmailKey} of creator {CreatorId} refused by SendGrid for good: {Detail}", job.Key, job.CreatorId, detail);
                return new DeliveryOutcome.Refused(detail);

            case SendOutcome.CredentialsRefused refused:
                var cause = $"SendGrid answered {refused.StatusCode}: {refused.Errors}";
                channel.CredentialsRefused(Now(), cause);
                logger.LogError(
                    "SendGrid refused our credentials ({Cause}): check SendGrid__ApiKey and its Mail Send permission. Email {EmailKey} stays pending and is retried",
                    cause, job.Key);
                await ReleaseAsync(claimed, cause, cancellationToken);
                return new DeliveryOutcome.RetryLater(cause, null, CredentialsRefused: true);

            case SendOutcome.Unavailable unavailable:
                await ReleaseAsync(claimed, unavailable.Reason, cancellationToken);
                return new DeliveryOutcome.RetryLater(unavailable.Reason, unavailable.RetryAfter);

            default:
                throw new InvalidOperationException($"Unknown send outcome {sent}.");
        }
    }

    /// <summary>
    /// Records what SendGrid answered, retrying storage failures: after SendGrid accepted, this write is all that stands
    /// between a redelivery and a second email. Never throws: the email is out either way.
    /// </summary>
    private async Task SettleAsync(DeliveryRecord claimed, DeliveryStatus status, string? detail)
    {
        var expected = claimed;
        for (var attempt = 1; attempt <= SettleAttempts; attempt++)
        {
            var now = Now();
            var settled = expected with
            {
                Status = status,
                LeaseOwner = null,
                LeaseUntil = null,
                UpdatedAt = now,
                SentAt = status == DeliveryStatus.Sent ? now : null,
                Detail = detail,
            };
            try
            {
                if (await ledger.TryWriteAsync(expected, settled, CancellationToken.None) is not null)
                {
                    return;
                }

                // Changed under us: only possible once our lease ran out and another delivery took the email over.
                var current = await ledger.ReadAsync(claimed.CreatorId, claimed.Key, CancellationToken.None);
                if (current is { IsSettled: true })
                {
                    logger.LogError("Email {EmailKey} of creator {CreatorId} was settled {Status} by another delivery after our lease ran out; it may have gone out twice", claimed.Key, claimed.CreatorId, current.Status);
                    return;
                }

                expected = current ?? expected with { ETag = null };
            }
            catch (StorageUnavailableException e) when (attempt < SettleAttempts)
            {
                logger.LogWarning(e, "Email {EmailKey} of creator {CreatorId}: recording {Status} failed (try {Attempt}); retrying", claimed.Key, claimed.CreatorId, status, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                break;
            }
        }

        logger.LogError("Email {EmailKey} of creator {CreatorId} is {Status} but could not be recorded; its lease lapses at {LeaseUntil}", claimed.Key, claimed.CreatorId, status, claimed.LeaseUntil);
    }

    /// <summary>Hands a claimed email back (pending), so the next try needn't wait out the lease. Best effort: the lease lapses anyway.</summary>
    private async Task ReleaseAsync(DeliveryRecord claimed, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.TryWriteAsync(claimed, claimed with { Status = DeliveryStatus.Pending, LeaseOwner = null, LeaseUntil = null, UpdatedAt = Now(), Detail = reason }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Email {EmailKey} of creator {CreatorId}: releasing the claim failed; it lapses at {LeaseUntil}", claimed.Key, claimed.CreatorId, claimed.LeaseUntil);
        }
    }

    private static DeliveryRecord Next(EmailJob job, DeliveryRecord? current, DeliveryStatus status, Instant now) =>
        new(job.CreatorId, job.Key, job.Kind, status, current?.Attempts ?? 0, null, null, now, null, null, null, current?.ETag);

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
