using CreatorAccountHealth.Domain.Trainings;
using NodaTime;

namespace CreatorAccountHealth.Domain.Time;

/// <summary>
/// The calendar rules of in-person workshops, written once. Deadlines before the start are elapsed time (exactly N hours
/// before, so across a daylight-saving change the local closing time is an hour off the start's wall-clock time);
/// "the day of the workshop" is the local day in the workshop's own zone.
/// </summary>
public static class TrainingCalendar
{
    /// <summary>How long before the start check-in opens, if the workshop's local day has begun by then.</summary>
    public static readonly Duration CheckInOpensBefore = Duration.FromHours(2);

    /// <summary>The first instant registration is closed: exactly <paramref name="closesBefore"/> before the start.</summary>
    public static Instant RegistrationClosesAt(WorkshopDetails details, Duration closesBefore) => details.StartsAt - closesBefore;

    public static bool IsRegistrationOpen(WorkshopDetails details, Duration closesBefore, Instant now) =>
        now < RegistrationClosesAt(details, closesBefore);

    /// <summary>
    /// Check-in opens <see cref="CheckInOpensBefore"/> before the start, but never before the workshop's local day begins
    /// (in its zone: a 01:00 start opens at local midnight), and closes at the end. Returned as [opens, closes).
    /// </summary>
    public static (Instant Opens, Instant Closes) CheckInWindow(WorkshopDetails details)
    {
        var zone = details.Zone;
        var dayStart = CreatorCalendar.LocalDateOf(details.StartsAt, zone).AtStartOfDayInZone(zone).ToInstant();
        var early = details.StartsAt - CheckInOpensBefore;
        return (early > dayStart ? early : dayStart, details.EndsAt);
    }

    /// <summary>
    /// The mock livestream slots, <c>slot-1</c>..<c>slot-N</c>, laid out back to back from the workshop's start:
    /// slot k runs from start + (k−1)×minutes for minutes (validation makes them all fit before the end). The ids depend only
    /// on the count, so an edit that moves the workshop moves the slots' times but keeps every booking on its slot.
    /// </summary>
    public static IReadOnlyList<MockLivestreamSlot> Slots(WorkshopDetails details)
    {
        var length = Duration.FromMinutes(details.MockLivestreamSlots.Minutes);
        var zone = details.Zone;
        return Enumerable.Range(1, Math.Max(0, details.MockLivestreamSlots.Count))
            .Select(k =>
            {
                var start = details.StartsAt + (length * (k - 1));
                return new MockLivestreamSlot(SlotId(k), k, start, start + length, start.InZone(zone).LocalDateTime);
            })
            .ToList();
    }

    public static string SlotId(int number) => $"slot-{number}";
}
