using CreatorAccountHealth.LocalRuntime.Tests.Support;
using CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.LocalRuntime.Tests;

/// <summary>
/// Timer functions hosted by the runtime on a fake clock. Time moves only when a test advances it, and only once
/// the scheduler waits on the clock (<see cref="WatchedClock.NextWaitAsync"/>): nothing here depends on real time.
/// </summary>
public class TimerFunctionTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly WatchedClock clock = new(Start);
    private readonly TimerProbe probe = new();

    [Fact]
    public async Task A_timer_runs_on_the_schedule_its_setting_names_with_the_schedule_status()
    {
        await using var runtime = await StartAsync("Sweep", "0 */5 * * * *");

        Assert.Equal(TimeSpan.FromMinutes(5), await clock.NextWaitAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        var call = await probe.NextCallAsync();

        Assert.Equal("Sweep", call.Function);
        Assert.False(call.Timer.IsPastDue);
        Assert.Equal(At(0, 5), call.Timer.ScheduleStatus!.Last);
        Assert.Equal(At(0, 10), call.Timer.ScheduleStatus.Next);
        Assert.Equal(At(0, 5), call.Timer.ScheduleStatus.LastUpdated);
        Assert.False(string.IsNullOrEmpty(call.InvocationId));
        Assert.True(call.CancellationToken.CanBeCanceled);
    }

    [Fact]
    public async Task A_run_later_than_the_next_occurrence_is_past_due()
    {
        await using var runtime = await StartAsync("Sweep", "0 */5 * * * *");
        await clock.NextWaitAsync();

        // The machine slept: the wall clock jumps past two occurrences before the timer gets to fire.
        clock.AdjustTime(Start.AddMinutes(12));
        clock.Advance(TimeSpan.FromMinutes(5));
        var call = await probe.NextCallAsync();

        Assert.True(call.Timer.IsPastDue);
        Assert.Equal(At(0, 5), call.Timer.ScheduleStatus!.Last);
        Assert.Equal(At(0, 20), call.Timer.ScheduleStatus.Next);
    }

    [Fact]
    public async Task RunOnStartup_runs_the_function_once_at_start_then_on_schedule()
    {
        await using var runtime = await StartAsync("AtStartup");

        var call = await probe.NextCallAsync();

        Assert.Equal("AtStartup", call.Function);
        Assert.False(call.Timer.IsPastDue);
        Assert.Equal(Start.UtcDateTime, call.Timer.ScheduleStatus!.Last);
        Assert.Equal(new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc), call.Timer.ScheduleStatus.Next);
        Assert.Equal(new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc) - Start.UtcDateTime, await LongWaitAsync());
        Assert.Equal(new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc), (await probe.NextCallAsync()).Timer.ScheduleStatus!.Last);
    }

    [Fact]
    public async Task Runs_of_one_timer_never_overlap_and_occurrences_missed_during_a_run_are_skipped()
    {
        probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var runtime = await StartAsync("EveryFiveMinutes");
        await clock.NextWaitAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        var first = await probe.NextCallAsync();

        // Four more intervals pass while the first run is still going.
        clock.Advance(TimeSpan.FromMinutes(20));
        var gate = probe.Gate;
        probe.Gate = null;
        gate.SetResult();
        Assert.Equal(TimeSpan.FromMinutes(5), await clock.NextWaitAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await probe.NextCallAsync();

        Assert.Equal(At(0, 5), first.Timer.ScheduleStatus!.Last);
        Assert.Equal(At(0, 30), second.Timer.ScheduleStatus!.Last);
        Assert.Equal(1, probe.MostRunningAtOnce);
    }

    [Fact]
    public async Task A_failing_run_is_logged_and_neither_the_schedule_nor_the_host_stops()
    {
        probe.FailuresLeft = 1;
        await using var runtime = await StartAsync("Sweep", "0 */5 * * * *");
        await clock.NextWaitAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        await probe.NextCallAsync();

        Assert.Equal(TimeSpan.FromMinutes(5), await clock.NextWaitAsync());
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await probe.NextCallAsync();

        Assert.Equal(At(0, 10), second.Timer.ScheduleStatus!.Last);
        Assert.Equal(0, probe.FailuresLeft);
        Assert.False(runtime.App.Lifetime.ApplicationStopping.IsCancellationRequested);
    }

    [Fact]
    public async Task Stopping_the_host_cancels_a_running_timer_and_waits_for_it()
    {
        probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runtime = await StartAsync("Sweep", "0 */5 * * * *");
        await clock.NextWaitAsync();
        clock.Advance(TimeSpan.FromMinutes(5));
        var call = await probe.NextCallAsync();

        await runtime.DisposeAsync();

        Assert.True(call.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public void A_schedule_naming_a_missing_setting_stops_start_up_naming_function_and_setting()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<LocalRuntimeConfigurationException>(() => Create(directory, "Sweep"));

        Assert.Contains("'Sweep'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{TimerTestFunctions.SweepSetting}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_schedule_stops_start_up_naming_function_setting_and_value()
    {
        using var directory = new TempDirectory();

        var error = Assert.Throws<LocalRuntimeConfigurationException>(() => Create(directory, "Sweep", "every 5 minutes"));

        Assert.Contains("'Sweep'", error.Message, StringComparison.Ordinal);
        Assert.Contains("%Jobs__Sweep%", error.Message, StringComparison.Ordinal);
        Assert.Contains("'every 5 minutes'", error.Message, StringComparison.Ordinal);
    }

    private static DateTime At(int hour, int minute) => new(2030, 1, 1, hour, minute, 0, DateTimeKind.Utc);

    private WebApplication Create(TempDirectory directory, string function, string? sweepSchedule = null) =>
        LocalRuntimeHost.Create([], TestRuntime.Options([function], directory.WriteSettings(Values(sweepSchedule))));

    private Task<TestRuntime> StartAsync(string function, string? sweepSchedule = null) =>
        TestRuntime.StartAsync([function], Values(sweepSchedule), services => services.AddSingleton<TimeProvider>(clock).AddSingleton(probe));

    private static Dictionary<string, string> Values(string? sweepSchedule) =>
        sweepSchedule is null ? [] : new() { [TimerTestFunctions.SweepSetting] = sweepSchedule };

    /// <summary>The whole wait for a far occurrence, which the scheduler takes in steps of at most a day.</summary>
    private async Task<TimeSpan> LongWaitAsync()
    {
        var total = TimeSpan.Zero;
        var end = new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
        while (clock.GetUtcNow() < end)
        {
            var wait = await clock.NextWaitAsync();
            total += wait;
            clock.Advance(wait);
        }

        return total;
    }
}
