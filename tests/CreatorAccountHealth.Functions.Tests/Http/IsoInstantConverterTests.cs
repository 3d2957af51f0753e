using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using FsCheck.Xunit;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Tests.Http;

/// <summary>The API's instants: the fast writer must write exactly what NodaTime's pattern writes (a contract).</summary>
public sealed class IsoInstantConverterTests
{
    private static readonly Instant Min = Instant.FromUtc(1, 1, 1, 0, 0);
    private static readonly Instant Max = Instant.FromUtc(9999, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(999_999_999);

    [Property(MaxTest = 2000)]
    public bool Any_instant_is_written_as_NodaTime_writes_it_and_reads_back(long seconds, int nanoseconds, byte trim)
    {
        var span = (Max - Min).BclCompatibleTicks / NodaConstants.TicksPerSecond;
        var second = Min + Duration.FromSeconds(Math.Abs(seconds % span));

        // Whole seconds, milliseconds, ticks and nanoseconds: every length of fraction, trailing zeros included.
        var fraction = Math.Abs(nanoseconds % 1_000_000_000) / (long)Math.Pow(10, trim % 10) * (long)Math.Pow(10, trim % 10);
        var instant = second + Duration.FromNanoseconds(fraction);

        var json = JsonSerializer.Serialize(instant, AppJson.Options);
        return json == $"\"{InstantPattern.ExtendedIso.Format(instant)}\""
            && JsonSerializer.Deserialize<Instant>(json, AppJson.Options) == instant;
    }

    [Theory]
    [InlineData("2026-11-27T14:30:00Z")]
    [InlineData("2026-11-27T14:30:00.1Z")]
    [InlineData("2026-11-27T14:30:00.1234567Z")]
    [InlineData("2026-11-27T14:30:00.123456789Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999999Z")]
    public void Edges_are_written_as_the_contract_shows_them(string text)
    {
        var instant = InstantPattern.ExtendedIso.Parse(text).Value;

        Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(instant, AppJson.Options));
        Assert.Equal("{\"at\":null}", JsonSerializer.Serialize(new { At = (Instant?)null }, AppJson.Options));
    }

    [Fact]
    public void Outside_years_1_to_9999_it_is_NodaTime_writing()
    {
        var early = Instant.FromUtc(1, 1, 1, 0, 0) - Duration.FromDays(1);

        Assert.Equal($"\"{InstantPattern.ExtendedIso.Format(early)}\"", JsonSerializer.Serialize(early, AppJson.Options));
    }
}
