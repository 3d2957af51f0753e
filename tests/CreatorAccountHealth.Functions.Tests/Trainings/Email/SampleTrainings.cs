using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Trainings;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>Training email messages as the trainings API queues them, and the creator they go to.</summary>
public static class SampleTrainings
{
    public const string CreatorId = "creator-maya";
    public const string Email = "maya@example.com";
    public const string DisplayName = "Maya Chen";
    public const string TrainingId = "trn-berlin-0320";

    /// <summary>When the email was decided; the clocks in these tests start just after.</summary>
    public static readonly Instant DecidedAt = Instant.FromUtc(2027, 2, 2, 15, 0);

    public static CreatorProfile Profile(string creatorId = CreatorId, string email = Email, string displayName = DisplayName) =>
        new(creatorId, email, displayName, "en-GB", "Asia/Singapore", Instant.FromUtc(2026, 6, 1, 0, 0));

    /// <summary>Saturday 20 March 2027, 10:00 to 16:00 in Berlin (CET, UTC+1); registration closes 48 hours before.</summary>
    public static TrainingSnapshot Berlin(int revision = 1, string title = "Selling live, safely") => new(
        TrainingId,
        revision,
        title,
        "Berlin",
        "Creator Space, Torstraße 1",
        Instant.FromUtc(2027, 3, 20, 9, 0),
        Instant.FromUtc(2027, 3, 20, 15, 0),
        "Europe/Berlin",
        "10:00 Welcome\n11:00 Mock livestreams\n\n14:00 Meet the teams",
        [
            new TrainingTeamSnapshot("Policy", ["Dangerous acts", "Product claims"]),
            new TrainingTeamSnapshot("Campaigns", ["Spring sale"]),
            new TrainingTeamSnapshot("Creator management", []),
        ],
        3,
        15,
        Instant.FromUtc(2027, 3, 18, 9, 0));

    public static TrainingEmailMessage Message(
        TrainingEmailKind kind = TrainingEmailKind.Invitation, TrainingSnapshot? training = null, string creatorId = CreatorId, Instant? decidedAt = null)
    {
        var snapshot = training ?? Berlin();
        return new TrainingEmailMessage(
            TrainingEmailMessage.IdFor(creatorId, snapshot.TrainingId, kind, snapshot.Revision), kind, creatorId, snapshot, decidedAt ?? DecidedAt);
    }
}
