using CreatorAccountHealth.Domain.Trainings;
using NodaTime;

namespace CreatorAccountHealth.Domain.Tests.Trainings;

/// <summary>Workshops for tests: London, Wednesday 10 March 2027, 09:00–17:00 UTC (GMT), invitations sent a week before.</summary>
internal static class Workshops
{
    public static readonly Instant Start = Instant.FromUtc(2027, 3, 10, 9, 0);
    public static readonly Instant End = Instant.FromUtc(2027, 3, 10, 17, 0);
    public static readonly Instant WeekBefore = Start - Duration.FromDays(7);
    public static readonly Duration Closes48 = Duration.FromHours(48);

    public static WorkshopDetails Details(int capacity = 2, int slots = 3, int minutes = 30) => new(
        "Livestream selling, done right",
        "London",
        "1 Example Street, London",
        Start,
        End,
        "Europe/London",
        capacity,
        "09:00 welcome; 10:00 mock livestreams",
        [new WorkshopTeam("policy", ["dangerous acts", "counterfeits"]), new WorkshopTeam("campaigns", ["Q2 campaigns"])],
        new MockLivestreamSlots(slots, minutes));

    public static Workshop Invited(int capacity = 2, params string[] creators)
    {
        var workshop = Workshop.Create("trn-1", Details(capacity), WeekBefore);
        return Ok(TrainingDecisions.Invite(workshop, creators, WeekBefore, Closes48));
    }

    /// <summary>The workshop a decision stored, failing the test on a refusal.</summary>
    public static Workshop Ok<T>(TrainingDecision<T> decision)
    {
        Assert.Null(decision.Refusal);
        return Assert.IsType<Workshop>(decision.Updated);
    }

    public static Workshop Accept(this Workshop workshop, string creatorId, Instant? at = null, params string[] teams) =>
        Ok(TrainingDecisions.Accept(workshop, creatorId, teams, at ?? WeekBefore, Closes48));
}
