using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Notifications;
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

    private NotificationLedger Ledger => run.App.Services.GetRequiredService<NotificationLedger>();

    private string Key => EmailKeys.WeeklyReport(report.Cutoff);

    public async Task InitializeAsync()
    {
        run = await ReportHarness.StartAsync(cosmos);
        (report, _) = await run.Reports.CreateIfAbsentAsync(SampleReports.Busy(), Instant.FromUtc(2026, 11, 23, 6, 0), CancellationToken.None);
    }

    public async Task DisposeAsync() => await run.DisposeAsync();

    private Task<DeliveryOutcome> EmailAsync() =>
        Emailer.EmailOnceAsync(report, new EmailRecipient(SampleReports.Profile()), CancellationToken.None);

    private Task<DeliveryRecord?> RecordAsync() => Ledger.ReadAsync(SampleReports.CreatorId, Key, CancellationToken.None);

    [Fact]
    public async Task Concurrent_runs_reaching_the_same_report_send_one_email()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(EmailAsync)));

        Assert.Single(results, r => r is DeliveryOutcome.Sent);
        Assert.Single(run.SendGrid.Requests);
        Assert.Equal(DeliveryStatus.Sent, (await RecordAsync())!.Status);
    }

    [Fact]
    public async Task A_sent_report_is_not_sent_again_and_its_list_shows_when()
    {
        Assert.IsType<DeliveryOutcome.Sent>(await EmailAsync());

        Assert.Equal(new DeliveryOutcome.AlreadySettled(DeliveryStatus.Sent), await EmailAsync());
        Assert.Single(run.SendGrid.Requests);
        var listed = Assert.Single((await run.Reports.ListAsync(SampleReports.CreatorId, 10, null, CancellationToken.None)).Items);
        Assert.Equal(Instant.FromDateTimeOffset(run.App.Time.GetUtcNow()), listed.EmailedAt);
    }

    [Fact]
    public async Task A_live_claim_of_another_delivery_holds_the_email_back_until_its_lease_runs_out()
    {
        var now = Instant.FromDateTimeOffset(run.App.Time.GetUtcNow());
        await Ledger.TryWriteAsync(
            null,
            new DeliveryRecord(SampleReports.CreatorId, Key, EmailKind.WeeklyReport, DeliveryStatus.Sending, 1, "crashed-delivery", now + EmailDelivery.Lease, now, null, null, null, null),
            CancellationToken.None);

        var held = Assert.IsType<DeliveryOutcome.RetryLater>(await EmailAsync());
        Assert.Equal(EmailDelivery.Lease.ToTimeSpan(), held.NotBefore);
        Assert.Empty(run.SendGrid.Requests);

        run.App.Time.Advance((EmailDelivery.Lease + Duration.FromSeconds(1)).ToTimeSpan());
        Assert.IsType<DeliveryOutcome.Sent>(await EmailAsync());
        Assert.Single(run.SendGrid.Requests);
        Assert.Equal(2, (await RecordAsync())!.Attempts);
    }

    [Fact]
    public async Task The_report_links_to_the_page_its_quizzes_appeals_and_preferences_and_carries_one_click_unsubscribe()
    {
        await EmailAsync();

        var mail = Assert.Single(run.SendGrid.Requests).Json;
        var unsubscribe = await Links.EmailLinkAssertions.AssertOneClickAsync(mail, SampleReports.CreatorId, EmailKind.WeeklyReport, run.App.Time);
        var (html, text) = Links.EmailLinkAssertions.Content(mail);
        var hrefs = Links.EmailLinkAssertions.Hrefs(html);
        var targets = await Links.EmailLinkAssertions.PageTargetsAsync(hrefs, SampleReports.CreatorId, run.App.Time);
        var busy = SampleReports.Busy();

        Assert.Contains("/api/account", targets);
        Assert.Contains("/api/account#preferences", targets);
        var quizzes = busy.WhatToDo.SelectMany(g => g.Quizzes).ToList();
        Assert.NotEmpty(quizzes);
        Assert.All(quizzes, q => Assert.Contains($"/api/account/quizzes/{q.ViolationId}", targets));
        Assert.NotEmpty(busy.Violations.Items);
        Assert.All(busy.Violations.Items, v => Assert.Contains($"https://platform.test/appeals/{v.Id}", hrefs));
        Assert.Contains(unsubscribe, hrefs);
        Assert.Contains("Unsubscribe from weekly reports: " + unsubscribe, text);
    }

    [Fact]
    public async Task The_email_carries_the_rendered_report_with_its_category_and_id()
    {
        await EmailAsync();

        var mail = Assert.Single(run.SendGrid.Requests).Json;
        Assert.Equal(ReportEmailer.Category, mail.GetProperty("categories")[0].GetString());
        Assert.Equal(report.Report.ReportId, mail.GetProperty("personalizations")[0].GetProperty("custom_args").GetProperty(ReportEmailer.ReportIdArg).GetString());
        Assert.Equal("maya@example.com", mail.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString());
        var html = mail.GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "text/html").GetProperty("value").GetString();
        Assert.Contains(SampleReports.DisplayName, html);
    }
}
