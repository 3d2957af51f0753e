using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Reports;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>Check-in on the day records attendance in the creator's history, and the next weekly report shows it.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class CheckInAndReportTests(CosmosServer cosmos)
{
    [Fact]
    public async Task Check_in_is_for_registered_creators_on_the_day_and_a_repeat_keeps_the_first()
    {
        await using var t = await TrainingHarness.StartAsync(cosmos);
        var id = await t.WorkshopAsync(1, 3, "ana", "ben");
        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok(); // waitlisted

        t.At(TrainingHarness.Start.AddHours(-2).AddSeconds(-1));
        (await t.CheckInAsync(id, "ana")).Problem(409, "checkInClosed");

        t.At(TrainingHarness.Start.AddMinutes(-30));
        var first = (await t.CheckInAsync(id, "ana")).Ok(201);
        t.At(TrainingHarness.Start.AddMinutes(10));
        var repeat = (await t.CheckInAsync(id, "ana")).Ok(200);

        Assert.Equal("2026-12-10T08:30:00Z", first.GetProperty("checkedInAt").GetString());
        Assert.Equal(first.GetProperty("checkedInAt").GetString(), repeat.GetProperty("checkedInAt").GetString());
        Assert.True(repeat.GetProperty("alreadyCheckedIn").GetBoolean());
        (await t.CheckInAsync(id, "ben")).Problem(409, "notRegistered");
        (await t.CheckInAsync(id, "zoe")).Problem(409, "notRegistered");
        (await t.WithdrawAsync("ana", id)).Problem(409, "trainingStarted");
        Assert.Equal(400, (await t.CheckInAsync(id, "")).Status);

        var history = await t.App.Services.GetRequiredService<ICreatorStore>().LoadAccountAsync("ana", CancellationToken.None);
        var attended = Assert.Single(history.Attended);
        Assert.Equal((id, "London"), (attended.TrainingId, attended.City));
        Assert.Empty((await t.App.Services.GetRequiredService<ICreatorStore>().LoadAccountAsync("ben", CancellationToken.None)).Attended);
        var listed = (await t.ListAsync("ana")).Ok().GetProperty("items")[0];
        Assert.Equal("2026-12-10T08:30:00Z", listed.GetProperty("checkedInAt").GetString());
    }

    [Fact]
    public async Task Attendance_shows_in_the_next_weekly_report_and_leaves_the_standing_alone()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        var t = new TrainingHarness(run.App);
        var id = await t.WorkshopAsync(2, 3, "ana");
        (await t.RegisterAsync("ana", id)).Ok();
        t.At(TrainingHarness.Start.AddMinutes(-15));
        (await t.CheckInAsync(id, "ana")).Ok(201);

        // Monday 14 December 2026, 06:00 UTC: the run reports on 7–13 December.
        var cutoff = new DateTimeOffset(2026, 12, 14, 6, 0, 0, TimeSpan.Zero);
        await run.StartRunAsync(cutoff);
        await run.DrainAsync();

        Assert.Empty(run.FailedDeliveries);
        var report = await run.Reports.LatestAsync("ana", CancellationToken.None);
        Assert.NotNull(report);
        var attended = Assert.Single(report.Report.TrainingsAttended!);
        Assert.Equal(id, attended.TrainingId);
        Assert.Equal(0, report.Report.Standing.ActivePoints);
        var email = Assert.Single(run.EmailsTo("ana@shop.example")).Json;
        var text = email.GetProperty("content")[0].GetProperty("value").GetString()!;
        Assert.Contains("WORKSHOPS YOU ATTENDED", text);
        Assert.Contains("Thu 10 Dec: Livestream selling, done right, London", text);
        Assert.Contains("Workshops you attended", email.GetProperty("content")[1].GetProperty("value").GetString());
    }
}
