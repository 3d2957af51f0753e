using NodaTime;

namespace CreatorAccountHealth.Domain.Trainings;

/// <summary>A workshop the creator attended (checked in at), as their history records it.</summary>
public sealed record TrainingAttendance(
    string TrainingId,
    string Title,
    string City,
    Instant StartsAt,
    Instant EndsAt,
    string TimeZone,
    Instant CheckedInAt);
