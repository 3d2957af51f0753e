using CreatorAccountHealth.Domain.Time;
using NodaTime;
using static CreatorAccountHealth.Domain.Tests.History;

namespace CreatorAccountHealth.Domain.Tests;

public class CreatorCalendarTests
{
    private static readonly DateTimeZone Utc = DateTimeZone.Utc;

    [Theory]
    [InlineData(2026, 1, 31, 2026, 3, 1)] // until 28 February 23:59:59 in a common year
    [InlineData(2028, 1, 31, 2028, 3, 1)] // until 29 February in a leap year
    [InlineData(2026, 12, 15, 2027, 2, 1)] // across the year end
    [InlineData(2026, 11, 1, 2027, 1, 1)]
    public void The_quiz_window_ends_with_the_last_day_of_the_following_month(int y, int m, int d, int endY, int endM, int endD)
    {
        Assert.Equal(At(endY, endM, endD, 0), CreatorCalendar.QuizWindowEnd(At(y, m, d, 12), Utc));
    }

    [Fact]
    public void The_quiz_window_follows_the_creators_local_calendar()
    {
        // 31 March 23:30 UTC is already 1 April in Tokyo: the window runs to the end of May, Tokyo time.
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var issued = At(2026, 3, 31, 23, 30);

        Assert.Equal(At(2026, 5, 1, 0), CreatorCalendar.QuizWindowEnd(issued, Utc));
        Assert.Equal(Instant.FromUtc(2026, 5, 31, 15, 0), CreatorCalendar.QuizWindowEnd(issued, tokyo));
    }

    [Fact]
    public void The_quiz_window_end_is_local_midnight_across_daylight_saving()
    {
        // Issued in February in New York (EST); the window ends at midnight starting 1 April, which is EDT (UTC-4).
        var newYork = DateTimeZoneProviders.Tzdb["America/New_York"];

        Assert.Equal(Instant.FromUtc(2026, 4, 1, 4, 0), CreatorCalendar.QuizWindowEnd(At(2026, 2, 10), newYork));
    }
}
