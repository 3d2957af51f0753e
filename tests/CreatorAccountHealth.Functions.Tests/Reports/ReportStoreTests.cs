using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Tests.Reports.Rendering;
using CreatorAccountHealth.TestSupport;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>The report store the report endpoints read: one report, the latest, and pages newest first.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class ReportStoreTests(CosmosServer cosmos) : IAsyncLifetime
{
    private static readonly Instant Created = Instant.FromUtc(2026, 12, 1, 0, 0);

    private ReportHarness run = null!;

    private ReportStore Store => run.Reports;

    public async Task InitializeAsync() => run = await ReportHarness.StartAsync(cosmos);

    public async Task DisposeAsync() => await run.DisposeAsync();

    /// <summary>Reports of <see cref="SampleReports.CreatorId"/> for five weeks, stored oldest last to show order isn't insertion order.</summary>
    private async Task<List<string>> StoreFiveWeeksAsync()
    {
        var ids = new List<string>();
        foreach (var week in new[] { 2, 0, 4, 1, 3 })
        {
            var (stored, _) = await Store.CreateIfAbsentAsync(SampleReports.Busy(cutoff: SampleReports.Cutoff.Plus(Duration.FromDays(7 * week))), Created, CancellationToken.None);
            ids.Add(stored.Report.ReportId);
        }

        return ids.OrderDescending(StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task Pages_come_newest_first_with_a_continuation_token_until_the_last()
    {
        var newestFirst = await StoreFiveWeeksAsync();

        var first = await Store.ListAsync(SampleReports.CreatorId, 2, null, CancellationToken.None);
        var second = await Store.ListAsync(SampleReports.CreatorId, 2, first.ContinuationToken, CancellationToken.None);
        var third = await Store.ListAsync(SampleReports.CreatorId, 2, second.ContinuationToken, CancellationToken.None);

        Assert.Equal(newestFirst, first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Summary.ReportId));
        Assert.NotNull(first.ContinuationToken);
        Assert.NotNull(second.ContinuationToken);
        Assert.Null(third.ContinuationToken);
        Assert.Equal("weekly-2026-12-14-2026-12-20", first.Items[0].Summary.ReportId);
        Assert.Equal(Created, first.Items[0].CreatedAt);
        Assert.Null(first.Items[0].EmailedAt);
    }

    [Fact]
    public async Task A_report_stored_between_two_pages_neither_shifts_nor_repeats_the_next_page()
    {
        await StoreFiveWeeksAsync();
        var first = await Store.ListAsync(SampleReports.CreatorId, 2, null, CancellationToken.None);

        await Store.CreateIfAbsentAsync(SampleReports.Busy(cutoff: SampleReports.Cutoff.Plus(Duration.FromDays(35))), Created, CancellationToken.None);
        var second = await Store.ListAsync(SampleReports.CreatorId, 2, first.ContinuationToken, CancellationToken.None);

        Assert.True(string.CompareOrdinal(second.Items[0].Summary.ReportId, first.Items[^1].Summary.ReportId) < 0);
        Assert.Equal(2, second.Items.Count);
    }

    [Fact]
    public async Task Latest_and_get_read_one_report()
    {
        var newestFirst = await StoreFiveWeeksAsync();

        var latest = await Store.LatestAsync(SampleReports.CreatorId, CancellationToken.None);
        var oldest = await Store.GetAsync(SampleReports.CreatorId, newestFirst[^1], CancellationToken.None);

        Assert.Equal(newestFirst[0], latest!.Report.ReportId);
        Assert.Equal(newestFirst[^1], oldest!.Report.ReportId);
        Assert.Equal(SampleReports.DisplayName, oldest.Report.DisplayName);
    }

    [Theory]
    [InlineData("weekly-1999-01-04-1999-01-10")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("")]
    public async Task An_unknown_or_impossible_report_id_is_not_found(string reportId)
    {
        await StoreFiveWeeksAsync();

        Assert.Null(await Store.GetAsync(SampleReports.CreatorId, reportId, CancellationToken.None));
    }

    [Fact]
    public async Task A_creator_without_reports_has_an_empty_page_and_no_latest()
    {
        Assert.Empty((await Store.ListAsync("nobody", 10, null, CancellationToken.None)).Items);
        Assert.Null(await Store.LatestAsync("nobody", CancellationToken.None));
    }

    [Theory]
    [InlineData("not-base64!")]
    [InlineData("e30")] // {}
    [InlineData("eyJ2IjoyLCJhZnRlciI6IngifQ")] // {"v":2,"after":"x"}
    public async Task A_continuation_token_this_store_did_not_hand_out_is_refused(string token)
    {
        await Assert.ThrowsAsync<InvalidContinuationTokenException>(() => Store.ListAsync(SampleReports.CreatorId, 2, token, CancellationToken.None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ReportStore.MaxPageSize + 1)]
    public async Task A_page_size_out_of_range_is_refused(int pageSize)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(SampleReports.CreatorId, pageSize, null, CancellationToken.None));
    }

    [Fact]
    public async Task Storing_a_report_again_keeps_the_first()
    {
        var first = SampleReports.Busy();
        var rebuilt = SampleReports.Quiet() with { ReportId = first.ReportId };

        var (_, created) = await Store.CreateIfAbsentAsync(first, Created, CancellationToken.None);
        var (kept, createdAgain) = await Store.CreateIfAbsentAsync(rebuilt, Created.Plus(Duration.FromHours(1)), CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(Created, kept.CreatedAt);
        Assert.Equal(first.Violations.Count, kept.Report.Violations.Count);
    }
}
