using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Tests.Reports.Rendering;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>A report is emailed at most once, however many runs reach it and whatever stopped one half-way.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class ReportEmailerTests(CosmosServer cosmos) : IAsyncLifetime
{
    private ReportHarness run = null!;
    private StoredReport report = null!;

    private ReportEmailer Emailer => run.App.Services.GetRequiredService<ReportEmailer>();

    public async Task InitializeAsync()
    {
        run = await ReportHarness.StartAsync(cosmos);
        (report, _) = await run.Reports.CreateIfAbsentAsync(SampleReports.Busy(), Instant.FromUtc(2026, 11, 23, 6, 0), CancellationToken.None);
    }

    public async Task DisposeAsync() => await run.DisposeAsync();

    private Task<ReportEmailResult> EmailAsync(string claimant, StoredReport? stored = null) =>
        Emailer.EmailOnceAsync(stored ?? report, SampleReports.Profile(), claimant, CancellationToken.None);

    private Task<StoredReport?> ReadAsync() => run.Reports.GetAsync(SampleReports.CreatorId, report.Report.ReportId, CancellationToken.None);

    [Fact]
    public async Task Two_runs_reaching_the_same_report_at_once_send_one_email()
    {
        var results = await Task.WhenAll(EmailAsync("run-a"), EmailAsync("run-b"));

        Assert.Single(results, r => r == ReportEmailResult.Sent);
        Assert.Single(run.SendGrid.Requests);
        Assert.Equal(ReportEmailStatus.Sent, (await ReadAsync())!.Email!.Status);
    }

    [Fact]
    public async Task A_sent_report_is_not_sent_again()
    {
        Assert.Equal(ReportEmailResult.Sent, await EmailAsync("run-a"));

        Assert.Equal(ReportEmailResult.AlreadySettled, await EmailAsync("run-b", await ReadAsync()));
        Assert.Single(run.SendGrid.Requests);
    }

    [Fact]
    public async Task A_claim_left_by_a_crash_is_finished_by_the_same_message_at_once_and_by_others_after_the_lease()
    {
        var now = Instant.FromDateTimeOffset(run.App.Time.GetUtcNow());
        var claimed = await run.Reports.TryUpdateEmailAsync(report, new ReportEmail(ReportEmailStatus.Sending, now, ClaimedBy: "run-a"), CancellationToken.None);

        Assert.Equal(ReportEmailResult.ClaimedElsewhere, await EmailAsync("run-b", claimed));
        Assert.Empty(run.SendGrid.Requests);

        run.App.Time.Advance((ReportEmailer.ClaimLease + Duration.FromSeconds(1)).ToTimeSpan());
        Assert.Equal(ReportEmailResult.Sent, await EmailAsync("run-b", claimed));
        Assert.Single(run.SendGrid.Requests);
    }

    [Fact]
    public async Task The_message_that_claimed_a_report_sends_it_on_its_redelivery()
    {
        var now = Instant.FromDateTimeOffset(run.App.Time.GetUtcNow());
        var claimed = await run.Reports.TryUpdateEmailAsync(report, new ReportEmail(ReportEmailStatus.Sending, now, ClaimedBy: "run-a"), CancellationToken.None);

        Assert.Equal(ReportEmailResult.Sent, await EmailAsync("run-a", claimed));
        var sent = (await ReadAsync())!;
        Assert.Equal(now, sent.EmailedAt);
        Assert.Equal("run-a", sent.Email!.ClaimedBy);
    }

    [Fact]
    public async Task The_email_carries_the_rendered_report_with_its_category_and_id()
    {
        await EmailAsync("run-a");

        var mail = Assert.Single(run.SendGrid.Requests).Json;
        Assert.Equal(ReportEmailer.Category, mail.GetProperty("categories")[0].GetString());
        Assert.Equal(report.Report.ReportId, mail.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty(ReportEmailer.ReportIdArg).GetString());
        Assert.Equal("maya@example.com", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        var html = mail.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString();
        Assert.Contains(SampleReports.DisplayName, html);
    }
}
