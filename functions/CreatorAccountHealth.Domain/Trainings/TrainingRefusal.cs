namespace CreatorAccountHealth.Domain.Trainings;

/// <summary>Every reason a workshop decision can be refused. The HTTP layer maps each to a problem-details status.</summary>
public enum TrainingRefusalReason
{
    /// <summary>The workshop was cancelled: nothing about it can change any more.</summary>
    TrainingCancelled,

    /// <summary>The creator was never invited to this workshop.</summary>
    NotInvited,

    /// <summary>Registration closed (a configurable time before the start).</summary>
    RegistrationClosed,

    /// <summary>The creator has no seat (waitlisted or not registered at all).</summary>
    NotRegistered,

    /// <summary>Another creator booked that slot first.</summary>
    SlotTaken,

    /// <summary>The creator already booked another slot of this workshop (one per creator).</summary>
    AlreadyHasSlot,

    /// <summary>The slot id is not one of the workshop's slots.</summary>
    UnknownSlot,

    /// <summary>A picked team is not on site at this workshop.</summary>
    UnknownTeam,

    /// <summary>An edit would leave fewer seats than creators registered.</summary>
    CapacityBelowRegistrations,

    /// <summary>An edit would remove a slot someone booked.</summary>
    SlotsBelowBookings,

    /// <summary>An edit would remove a team creators picked.</summary>
    TeamPicked,

    /// <summary>The workshop has started (or is over): registrations and slots can't change any more.</summary>
    TrainingStarted,

    /// <summary>Check-in is not open now (it opens on the day, shortly before the start, and closes at the end).</summary>
    CheckInClosed,

    /// <summary>The workshop holds as many invitations as it can.</summary>
    TooManyInvitations,
}

/// <summary>A refused decision: the reason, and a sentence for the problem details.</summary>
public sealed record TrainingRefusal(TrainingRefusalReason Reason, string Detail);
