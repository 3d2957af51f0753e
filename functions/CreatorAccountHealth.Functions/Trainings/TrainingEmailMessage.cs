using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>Why a creator gets an email about a workshop.</summary>
public enum TrainingEmailKind
{
    /// <summary>The creator was invited: the workshop, how to accept, and the event to put in their calendar.</summary>
    Invitation,

    /// <summary>A seat freed up and the creator moved from the waitlist to registered.</summary>
    SeatConfirmed,

    /// <summary>The workshop changed (time, place, agenda) after the creator was invited: the calendar event is updated.</summary>
    Updated,

    /// <summary>The workshop was cancelled: the calendar event is cancelled.</summary>
    Cancelled,
}

/// <summary>
/// The body of a training email on the Service Bus queue named by <c>TrainingEmailsQueueName</c> (JSON,
/// <see cref="Hosting.AppJson"/>). It carries a snapshot of the workshop as it was when the email was decided, so the
/// sender needs no read of the workshop; the creator's address is read when sending, so an address change wins.
/// </summary>
/// <param name="EmailId">Deterministic for one creator, workshop, kind and workshop revision; also the Service Bus
/// MessageId, so duplicate detection drops a repeat, and the key that makes the email go out once.</param>
public sealed record TrainingEmailMessage(
    string EmailId,
    TrainingEmailKind Kind,
    string CreatorId,
    TrainingSnapshot Training,
    Instant DecidedAt)
{
    public const string Subject = "training-email";

    /// <summary>Hashed, like alert ids: a Service Bus MessageId holds at most 128 characters, creator ids are the platform's.</summary>
    public static string IdFor(string creatorId, string trainingId, TrainingEmailKind kind, int revision)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{creatorId}\n{trainingId}\n{kind}\n{revision}"));
        return "training-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

/// <summary>A workshop as an email shows it and as its iCalendar event describes it.</summary>
/// <param name="Revision">Increases with every edit of the workshop; the iCalendar SEQUENCE, so calendars apply updates in order.</param>
/// <param name="TimeZone">IANA zone the workshop takes place in; the email shows times in it.</param>
/// <param name="RegistrationClosesAt">The first instant registration is closed.</param>
public sealed record TrainingSnapshot(
    string TrainingId,
    int Revision,
    string Title,
    string City,
    string Venue,
    Instant StartsAt,
    Instant EndsAt,
    string TimeZone,
    string? Agenda,
    IReadOnlyList<TrainingTeamSnapshot> Teams,
    int MockLivestreamSlotCount,
    int MockLivestreamSlotMinutes,
    Instant RegistrationClosesAt);

/// <summary>A team that will be on site and the topics its representatives cover.</summary>
public sealed record TrainingTeamSnapshot(string Team, IReadOnlyList<string> Topics);
