using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Domain.Trainings;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.Trainings.Workshops;

namespace CreatorAccountHealth.Domain.Tests.Trainings;

public class TrainingCalendarTests
{
    [Fact]
    public void Registration_closes_in_elapsed_hours_so_across_the_spring_change_the_local_time_moves_an_hour()
    {
        // Monday 29 March 2027, 09:00 BST; British clocks went forward on Sunday 28 March at 01:00 UTC.
        var details = Details() with { StartsAt = Instant.FromUtc(2027, 3, 29, 8, 0), EndsAt = Instant.FromUtc(2027, 3, 29, 16, 0) };

        var closes = TrainingCalendar.RegistrationClosesAt(details, Duration.FromHours(48));

        Assert.Equal(Instant.FromUtc(2027, 3, 27, 8, 0), closes);
        Assert.Equal(new LocalDateTime(2027, 3, 27, 8, 0), closes.InZone(details.Zone).LocalDateTime);
        Assert.False(TrainingCalendar.IsRegistrationOpen(details, Duration.FromHours(48), closes));
        Assert.True(TrainingCalendar.IsRegistrationOpen(details, Duration.FromHours(48), closes - Duration.Epsilon));
    }

    [Fact]
    public void Registration_closing_hours_are_the_same_instant_whatever_the_zone()
    {
        var london = Details();
        var tokyo = Details() with { TimeZone = "Asia/Tokyo" };

        Assert.Equal(TrainingCalendar.RegistrationClosesAt(london, Closes48), TrainingCalendar.RegistrationClosesAt(tokyo, Closes48));
    }

    [Fact]
    public void Check_in_opens_two_hours_before_the_start_and_closes_at_the_end()
    {
        var (opens, closes) = TrainingCalendar.CheckInWindow(Details());

        Assert.Equal(Start - Duration.FromHours(2), opens);
        Assert.Equal(End, closes);
    }

    [Fact]
    public void Check_in_never_opens_before_the_workshops_local_day()
    {
        // 00:30 in Tokyo on 10 March is 15:30 UTC on 9 March: check-in opens at local midnight, not on the 9th.
        var details = Details() with
        {
            TimeZone = "Asia/Tokyo",
            StartsAt = Instant.FromUtc(2027, 3, 9, 15, 30),
            EndsAt = Instant.FromUtc(2027, 3, 9, 20, 0),
        };

        var (opens, _) = TrainingCalendar.CheckInWindow(details);

        Assert.Equal(Instant.FromUtc(2027, 3, 9, 15, 0), opens);
        Assert.Equal(new LocalDateTime(2027, 3, 10, 0, 0), opens.InZone(details.Zone).LocalDateTime);
    }

    [Fact]
    public void On_a_day_that_starts_at_one_because_of_daylight_saving_check_in_opens_at_one()
    {
        // Chile moved its clocks from 00:00 to 01:00 on Sunday 6 September 2026; a 02:00 start (05:00 UTC) is on that day.
        var details = Details() with
        {
            TimeZone = "America/Santiago",
            StartsAt = Instant.FromUtc(2026, 9, 6, 5, 0),
            EndsAt = Instant.FromUtc(2026, 9, 6, 9, 0),
        };

        var (opens, _) = TrainingCalendar.CheckInWindow(details);

        Assert.Equal(Instant.FromUtc(2026, 9, 6, 4, 0), opens);
        Assert.Equal(new LocalDateTime(2026, 9, 6, 1, 0), opens.InZone(details.Zone).LocalDateTime);
    }

    [Fact]
    public void Slots_are_laid_out_back_to_back_from_the_start_with_local_times_across_a_clock_change()
    {
        // 00:00 GMT on Sunday 28 March 2027: the second hour-long slot starts at 01:00 UTC, which is 02:00 BST.
        var details = Details(slots: 3, minutes: 60) with
        {
            StartsAt = Instant.FromUtc(2027, 3, 28, 0, 0),
            EndsAt = Instant.FromUtc(2027, 3, 28, 8, 0),
        };

        var slots = TrainingCalendar.Slots(details);

        Assert.Equal(["slot-1", "slot-2", "slot-3"], slots.Select(s => s.SlotId));
        Assert.Equal([Instant.FromUtc(2027, 3, 28, 0, 0), Instant.FromUtc(2027, 3, 28, 1, 0), Instant.FromUtc(2027, 3, 28, 2, 0)], slots.Select(s => s.StartsAt));
        Assert.Equal([new LocalDateTime(2027, 3, 28, 0, 0), new LocalDateTime(2027, 3, 28, 2, 0), new LocalDateTime(2027, 3, 28, 3, 0)], slots.Select(s => s.LocalStart));
        Assert.Equal(Instant.FromUtc(2027, 3, 28, 3, 0), slots[^1].EndsAt);
    }

    [Theory]
    [InlineData("title", "")]
    [InlineData("endsAt", "before")]
    [InlineData("endsAt", "too-long")]
    [InlineData("timeZone", "Mars/Olympus_Mons")]
    [InlineData("capacity", "0")]
    [InlineData("mockLivestreamSlots", "17x30")]
    [InlineData("teams", "duplicate")]
    public void Details_name_each_field_at_fault(string field, string fault)
    {
        var details = Details();
        details = (field, fault) switch
        {
            ("title", _) => details with { Title = " " },
            ("endsAt", "before") => details with { EndsAt = details.StartsAt },
            ("endsAt", _) => details with { EndsAt = details.StartsAt + Duration.FromHours(25) },
            ("timeZone", _) => details with { TimeZone = fault },
            ("capacity", _) => details with { Capacity = 0 },
            ("mockLivestreamSlots", _) => details with { MockLivestreamSlots = new MockLivestreamSlots(17, 30) }, // 8.5 h in an 8 h day
            _ => details with { Teams = [new WorkshopTeam("Policy", []), new WorkshopTeam("policy", [])] },
        };

        Assert.Equal([field], details.Problems().Keys);
    }

    [Fact]
    public void Valid_details_have_no_problems_and_sixteen_half_hour_slots_fill_an_eight_hour_day()
    {
        Assert.Empty(Details().Problems());
        Assert.Empty((Details() with { MockLivestreamSlots = new MockLivestreamSlots(16, 30) }).Problems());
    }
}
