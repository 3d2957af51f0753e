using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Reports.Api;
using CreatorAccountHealth.Functions.Reports.Rendering;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Tests.Reports.Rendering;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports.Api;

/// <summary>The report endpoints over the real <see cref="ReportStore"/>, against the Cosmos DB protocol server.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class ReportEndpointTests(CosmosServer cosmos) : IAsyncLifetime
{
    private const string Creator = SampleReports.CreatorId;

    private AppHarness app = null!;

    public async Task InitializeAsync()
    {
        app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-profile", Creator, "maya@example.com", "2026-06-01T00:00:00Z", "Europe/London"));
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    /// <summary>Stores the creator's reports for the <paramref name="weeks"/> runs up to the sample cutoff, oldest first.</summary>
    private async Task<List<WeeklyReport>> StoreWeeksAsync(int weeks)
    {
        var store = app.Services.GetRequiredService<ReportStore>();
        var reports = new List<WeeklyReport>();
        for (var week = weeks - 1; week >= 0; week--)
        {
            var cutoff = SampleReports.Cutoff - Duration.FromDays(7 * week);
            var report = SampleReports.Busy(cutoff: cutoff);
            await store.CreateIfAbsentAsync(report, cutoff + Duration.FromMinutes(5), CancellationToken.None);
            reports.Add(report);
        }

        return reports;
    }

    private async Task<AppHarness.Response> List(string creatorId, string query = "")
    {
        var context = app.Request(HttpMethods.Get);
        context.Request.QueryString = new QueryString(query);
        return await app.InvokeAsync<ListCreatorReportsFunction>(context, (f, r) => f.Run(r, creatorId, CancellationToken.None));
    }

    private async Task<AppHarness.Response> Get(string creatorId, string reportId, string? accept = null)
    {
        var context = Request(accept);
        return await app.InvokeAsync<GetCreatorReportFunction>(context, (f, r) => f.ById(r, creatorId, reportId, CancellationToken.None));
    }

    private async Task<AppHarness.Response> Latest(string creatorId, string? accept = null)
    {
        var context = Request(accept);
        return await app.InvokeAsync<GetCreatorReportFunction>(context, (f, r) => f.Latest(r, creatorId, CancellationToken.None));
    }

    private HttpContext Request(string? accept)
    {
        var context = app.Request(HttpMethods.Get);
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        return context;
    }

    [Fact]
    public async Task The_list_pages_newest_first_with_a_continuation_token()
    {
        var stored = await StoreWeeksAsync(3);

        var first = await List(Creator, "?pageSize=2");
        var token = first.Json.GetProperty("continuationToken").GetString();
        var second = await List(Creator, $"?pageSize=2&continuationToken={Uri.EscapeDataString(token!)}");

        Assert.Equal(200, first.Status);
        Assert.StartsWith("application/json", first.ContentType);
        Assert.Equal(
            [stored[2].ReportId, stored[1].ReportId],
            first.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));
        Assert.Equal([stored[0].ReportId], second.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));
        Assert.Null(second.Json.GetProperty("continuationToken").GetString());
    }

    [Fact]
    public async Task A_list_entry_summarises_its_report()
    {
        await StoreWeeksAsync(1);

        var entry = (await List(Creator)).Json.GetProperty("items")[0];

        Assert.Equal("weekly-2026-11-16-2026-11-22", entry.GetProperty("reportId").GetString());
        Assert.Equal("2026-11-16", entry.GetProperty("periodStart").GetString());
        Assert.Equal("2026-11-22", entry.GetProperty("periodEnd").GetString());
        Assert.Equal("Europe/London", entry.GetProperty("timeZone").GetString());
        Assert.Equal(6, entry.GetProperty("violationCount").GetInt32());
        Assert.Equal(17, entry.GetProperty("violationPoints").GetInt32());
        Assert.Equal(1, entry.GetProperty("noticeCount").GetInt32());
        Assert.Equal(22, entry.GetProperty("activePoints").GetInt32());
        Assert.Equal("reached", entry.GetProperty("alert").GetString());
        Assert.Equal("2026-11-23T06:05:00Z", entry.GetProperty("generatedAt").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, entry.GetProperty("emailedAt").ValueKind);
    }

    [Fact]
    public async Task The_page_size_defaults_to_ten()
    {
        await StoreWeeksAsync(11);

        var page = (await List(Creator)).Json;

        Assert.Equal(10, page.GetProperty("items").GetArrayLength());
        Assert.NotNull(page.GetProperty("continuationToken").GetString());
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=51")]
    [InlineData("?pageSize=ten")]
    [InlineData("?pageSize=-1")]
    [InlineData("?pageSize=")]
    [InlineData("?pageSize=1&pageSize=2")]
    public async Task A_bad_page_size_is_400(string query)
    {
        var response = await List(Creator, query);

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal("Must be one whole number from 1 to 50.", response.Json.GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }

    [Theory]
    [InlineData("?continuationToken=not-a-token")]
    [InlineData("?continuationToken=eyJ2IjoyfQ")]
    public async Task A_token_this_api_did_not_hand_out_is_400(string query)
    {
        var response = await List(Creator, query);

        Assert.Equal(400, response.Status);
        Assert.True(response.Json.GetProperty("errors").TryGetProperty("continuationToken", out _));
    }

    [Fact]
    public async Task A_known_creator_without_reports_has_an_empty_list_and_an_unknown_one_is_404()
    {
        var known = await List(Creator);
        var unknown = await List("nobody");

        Assert.Equal(200, known.Status);
        Assert.Equal(0, known.Json.GetProperty("items").GetArrayLength());
        Assert.Equal(404, unknown.Status);
        Assert.StartsWith("application/problem+json", unknown.ContentType);
        Assert.Equal("Unknown creator", unknown.Json.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    public async Task A_report_is_JSON_by_default(string? accept)
    {
        var stored = await StoreWeeksAsync(1);

        var response = await Get(Creator, stored[0].ReportId, accept);

        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType);
        Assert.Equal("Accept", response.Headers.Vary.ToString());
        var json = response.Json;
        Assert.Equal(stored[0].ReportId, json.GetProperty("reportId").GetString());
        Assert.Equal("2026-11-16", json.GetProperty("period").GetProperty("firstDay").GetString());
        Assert.Equal(6, json.GetProperty("violations").GetProperty("count").GetInt32());
        Assert.Equal(22, json.GetProperty("standing").GetProperty("activePoints").GetInt32());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("text/html;q=0.9, application/json;q=0.5")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public async Task A_report_is_the_emails_HTML_when_the_caller_asks_for_it(string accept)
    {
        var stored = await StoreWeeksAsync(1);

        var response = await Get(Creator, stored[0].ReportId, accept);

        Assert.Equal(200, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal(app.Services.GetRequiredService<WeeklyReportRenderer>().RenderHtml(stored[0], profile: null), response.Body);
        Assert.Equal(HtmlResponse.ContentSecurityPolicy, response.Headers.ContentSecurityPolicy.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("Accept", response.Headers.Vary.ToString());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("text/html;q=0, application/json;q=0")]
    public async Task Only_unsupported_types_are_406(string accept)
    {
        var stored = await StoreWeeksAsync(1);

        var response = await Get(Creator, stored[0].ReportId, accept);
        var latest = await Latest(Creator, accept);

        Assert.Equal(406, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal("Not acceptable", response.Json.GetProperty("title").GetString());
        Assert.Equal(406, latest.Status);
    }

    [Fact]
    public async Task Latest_is_the_newest_report_in_either_format()
    {
        var stored = await StoreWeeksAsync(2);

        var json = await Latest(Creator);
        var html = await Latest(Creator, "text/html");

        Assert.Equal(stored[1].ReportId, json.Json.GetProperty("reportId").GetString());
        Assert.Contains("Reference: " + stored[1].ReportId, html.Body);
    }

    [Fact]
    public async Task Missing_reports_and_creators_are_404_problems_that_say_which()
    {
        var noReportYet = await Latest(Creator);
        var unknownReport = await Get(Creator, "weekly-2020-01-06-2020-01-12");
        var unknownCreatorLatest = await Latest("nobody");
        var unknownCreatorReport = await Get("nobody", "weekly-2020-01-06-2020-01-12", "text/html");

        Assert.All([noReportYet, unknownReport, unknownCreatorLatest, unknownCreatorReport], r =>
        {
            Assert.Equal(404, r.Status);
            Assert.StartsWith("application/problem+json", r.ContentType);
        });
        Assert.Equal("No report yet", noReportYet.Json.GetProperty("title").GetString());
        Assert.Equal("Unknown report", unknownReport.Json.GetProperty("title").GetString());
        Assert.Equal("Unknown creator", unknownCreatorLatest.Json.GetProperty("title").GetString());
        Assert.Equal("Unknown creator", unknownCreatorReport.Json.GetProperty("title").GetString());
    }
}
