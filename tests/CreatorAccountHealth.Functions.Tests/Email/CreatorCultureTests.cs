using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Trainings.Email;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// The creator's locale decides the order of day and month and the clock; the words stay English. Anything that is not a
/// predefined culture gets the default (day first, 24-hour), which is what every creator saw before locales were read.
/// </summary>
public sealed class CreatorCultureTests
{
    private static readonly LocalDate Saturday = new(2026, 12, 5);

    [Theory]
    [InlineData("en-US", "Saturday, December 5, 2026", "Sat, Dec 5", "2:30 PM", "9:05 AM")]
    [InlineData("en-GB", "Saturday, 5 December 2026", "Sat 5 Dec", "14:30", "09:05")]
    [InlineData("de-DE", "Saturday, 5 December 2026", "Sat 5 Dec", "14:30", "09:05")]
    [InlineData("fr-FR", "Saturday, 5 December 2026", "Sat 5 Dec", "14:30", "09:05")]
    [InlineData("ja-JP", "Saturday, December 5, 2026", "Sat, Dec 5", "14:30", "09:05")]
    public void A_locale_picks_the_order_and_the_clock_and_keeps_the_words_english(string locale, string longDate, string shortDate, string afternoon, string morning)
    {
        var culture = CreatorCulture.For(locale);

        Assert.Equal(longDate, culture.Date(Saturday));
        Assert.Equal(shortDate, culture.ShortDate(Saturday));
        Assert.Equal(afternoon, culture.Time(new LocalTime(14, 30)));
        Assert.Equal(morning, culture.Time(new LocalTime(9, 5)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not a locale")]
    [InlineData("xx-YY-@@")]
    [InlineData("zz-ZZ")]
    [InlineData("en_US\u0000")]
    [InlineData("1")]
    public void A_missing_or_junk_locale_gets_the_default_and_never_throws(string? locale)
    {
        var culture = CreatorCulture.For(locale);

        Assert.Same(CreatorCulture.Default, culture);
        Assert.Equal("Saturday, 5 December 2026", culture.Date(Saturday));
        Assert.Equal("00:00", culture.Time(LocalTime.Midnight));
    }

    [Fact]
    public void An_overlong_tag_gets_the_default() =>
        Assert.Same(CreatorCulture.Default, CreatorCulture.For("en-" + new string('x', 200)));

    [Theory]
    [InlineData("en-GB", 2026, 11, 16, 2026, 11, 22, "16–22 November 2026")]
    [InlineData("en-GB", 2026, 11, 26, 2026, 12, 2, "26 November – 2 December 2026")]
    [InlineData("en-GB", 2026, 12, 28, 2027, 1, 3, "28 December 2026 – 3 January 2027")]
    [InlineData("en-US", 2026, 11, 16, 2026, 11, 22, "November 16–22, 2026")]
    [InlineData("en-US", 2026, 11, 26, 2026, 12, 2, "November 26 – December 2, 2026")]
    [InlineData("en-US", 2026, 12, 28, 2027, 1, 3, "December 28, 2026 – January 3, 2027")]
    [InlineData("de-DE", 2026, 11, 16, 2026, 11, 22, "16–22 November 2026")]
    [InlineData("junk", 2026, 11, 16, 2026, 11, 22, "16–22 November 2026")]
    public void A_week_names_each_month_and_year_once_in_the_locales_order(string locale, int y1, int m1, int d1, int y2, int m2, int d2, string expected) =>
        Assert.Equal(expected, CreatorCulture.For(locale).Period(new ReportPeriod(new LocalDate(y1, m1, d1), new LocalDate(y2, m2, d2), DateTimeZone.Utc)));

    [Theory]
    [InlineData("en-US", "Sunday, March 28, 2027, 12:30 AM GMT to 3:00 AM BST")]
    [InlineData("en-GB", "Sunday, 28 March 2027, 00:30 GMT to 03:00 BST")]
    [InlineData("de-DE", "Sunday, 28 March 2027, 00:30 GMT to 03:00 BST")]
    [InlineData("!!", "Sunday, 28 March 2027, 00:30 GMT to 03:00 BST")]
    public void Times_across_a_daylight_saving_change_keep_each_abbreviation_on_the_creators_clock(string locale, string expected)
    {
        // London springs forward at 01:00 GMT on 28 March 2027: 00:30 GMT to 03:00 BST is one and a half hours.
        var london = DateTimeZoneProviders.Tzdb["Europe/London"];
        var start = Instant.FromUtc(2027, 3, 28, 0, 30).InZone(london);
        var end = Instant.FromUtc(2027, 3, 28, 2, 0).InZone(london);

        Assert.Equal(expected, TrainingEmailModel.When(start, end, CreatorCulture.For(locale)));
    }

    [Fact]
    public void Noon_and_midnight_read_as_twelve_on_the_12_hour_clock()
    {
        var us = CreatorCulture.For("en-US");

        Assert.Equal("12:00 PM", us.Time(LocalTime.Noon));
        Assert.Equal("12:00 AM", us.Time(LocalTime.Midnight));
        Assert.Equal("Saturday, December 5, 2026 at 11:45 PM PST",
            TrainingEmailModel.At(Instant.FromUtc(2026, 12, 6, 7, 45).InZone(DateTimeZoneProviders.Tzdb["America/Los_Angeles"]), us));
    }
}
