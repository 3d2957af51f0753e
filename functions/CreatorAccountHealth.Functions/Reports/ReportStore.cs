using System.Buffers.Text;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using NodaTime;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// Weekly reports in the <c>reports</c> container: one document per report (<c>id</c> = report id), in the creator's
/// partition, expiring <c>Reports__RetentionDays</c> after it was last written. A report is created once and never
/// replaced by a later build. Its email is the notification ledger's (<see cref="NotificationLedger"/>).
/// <para>
/// Listing needs no <c>ORDER BY</c> (which the local protocol server lacks): report ids sort by period
/// (<c>weekly-2026-11-16-2026-11-22</c>), and a creator has at most about 58 reports within the default retention, so
/// one single-partition query reads every summary and the page is cut in memory, newest first. The continuation token is
/// base64url JSON <c>{"v":1,"after":"&lt;last id returned&gt;"}</c>: the next page holds the ids that sort before it, so
/// reports created between two pages never shift or repeat a page.
/// </para>
/// </summary>
public sealed class ReportStore(CosmosContainers containers, NotificationLedger ledger, IOptions<ReportOptions> options)
{
    public const string DocType = "weeklyReport";

    public const int MaxPageSize = 100;

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private readonly Container container = containers.Reports;

    /// <summary>Erasure: deletes every report of the creator (their whole partition); answers how many.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public Task<int> DeleteAllAsync(string creatorId, CancellationToken cancellationToken) =>
        PartitionPurge.DeleteAllAsync(container, "creatorId", creatorId, [], cancellationToken);

    /// <summary>
    /// Stores the report unless the creator already has one with its id, which wins: a re-run of a period overwrites
    /// nothing. Returns the stored report either way, and whether this call created it.
    /// </summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<(StoredReport Report, bool Created)> CreateIfAbsentAsync(WeeklyReport report, Instant createdAt, CancellationToken cancellationToken)
    {
        // The view and summary are written straight into the document as the API writes them (ApiJsonConverter), in the
        // one pass that serializes the document: no JSON tree built in between and parsed again.
        var document = new ReportDocument
        {
            Id = report.ReportId,
            CreatorId = report.CreatorId,
            Cutoff = report.Cutoff,
            CreatedAt = createdAt,
            Summary = ReportSummary.From(report),
            Report = WeeklyReportView.From(report),
            Ttl = checked(options.Value.RetentionDays * 86_400),
        };
        try
        {
            var response = await CosmosGuard.RunAsync(
                () => container.CreateItemAsync(document, new PartitionKey(report.CreatorId), NoContent, cancellationToken),
                cancellationToken);
            return (new StoredReport(document with { ETag = response.ETag }, report), true);
        }
        catch (CosmosException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = await GetAsync(report.CreatorId, report.ReportId, cancellationToken)
                ?? throw new InvalidOperationException($"Report {report.ReportId} of creator {report.CreatorId} conflicted on create but can't be read.");
            return (existing, false);
        }
    }

    /// <summary>The report, or null when the creator has none with that id (or it expired).</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<StoredReport?> GetAsync(string creatorId, string reportId, CancellationToken cancellationToken)
    {
        // Cosmos DB ids can't hold these; an id from a URL that does is simply not a report.
        if (reportId.Length == 0 || reportId.AsSpan().IndexOfAny("/\\?#") >= 0)
        {
            return null;
        }

        var document = await CosmosGuard.ReadOrNullAsync<ReportDocument>(container, reportId, new PartitionKey(creatorId), cancellationToken);
        return document is null ? null : new StoredReport(document);
    }

    /// <summary>The creator's newest report, or null when they have none.</summary>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<StoredReport?> LatestAsync(string creatorId, CancellationToken cancellationToken)
    {
        var newest = (await ListAsync(creatorId, 1, null, cancellationToken)).Items;
        return newest.Count == 0 ? null : await GetAsync(creatorId, newest[0].Summary.ReportId, cancellationToken);
    }

    /// <summary>A page of the creator's reports, newest first.</summary>
    /// <param name="continuationToken">Null for the first page; else the token the previous page returned.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not 1 to <see cref="MaxPageSize"/>.</exception>
    /// <exception cref="InvalidContinuationTokenException">The token is not one this store handed out.</exception>
    /// <exception cref="StorageUnavailableException">Storage can't answer now.</exception>
    public async Task<ReportPage> ListAsync(string creatorId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var after = continuationToken is null ? null : PageToken.Decode(continuationToken);

        var rows = await QuerySummariesAsync(creatorId, cancellationToken);
        var newestFirst = rows
            .Where(r => after is null || string.CompareOrdinal(r.Id, after) < 0)
            .OrderByDescending(r => r.Id, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        // When each email went out is the notification ledger's: one more single-partition query, for the whole page.
        var sentAt = newestFirst.Count == 0 ? (IReadOnlyDictionary<string, Instant>)new Dictionary<string, Instant>() : await ledger.SentAtAsync(creatorId, EmailKind.WeeklyReport, cancellationToken);
        var items = newestFirst.Take(pageSize)
            .Select(r => new ReportListItem(r.Summary, r.CreatedAt, sentAt.TryGetValue(EmailKeys.WeeklyReport(r.Cutoff), out var at) ? at : null))
            .ToList();
        return new ReportPage(items, newestFirst.Count > pageSize ? PageToken.Encode(newestFirst[pageSize - 1].Id) : null);
    }

    private Task<List<SummaryRow>> QuerySummariesAsync(string creatorId, CancellationToken cancellationToken)
    {
        // The partition key is in the filter too: the local protocol server ignores it in the request options.
        var query = new QueryDefinition("SELECT c.id, c.createdAt, c.cutoff, c.summary FROM c WHERE c.creatorId = @creatorId AND c.docType = @docType")
            .WithParameter("@creatorId", creatorId)
            .WithParameter("@docType", DocType);
        return CosmosGuard.QueryPartitionAsync<SummaryRow>(container, query, new PartitionKey(creatorId), cancellationToken);
    }

    /// <summary>The stored shape. The report and its summary are JSON written with <see cref="AppJson.Options"/>, as the API writes them (<see cref="ApiJsonConverter{T}"/>).</summary>
    internal sealed record ReportDocument
    {
        public required string Id { get; init; }

        public required string CreatorId { get; init; }

        public string DocType { get; init; } = ReportStore.DocType;

        public required Instant Cutoff { get; init; }

        public required Instant CreatedAt { get; init; }

        [JsonConverter(typeof(ApiJsonConverter<ReportSummary>))]
        public required ReportSummary Summary { get; init; }

        [JsonConverter(typeof(ApiJsonConverter<WeeklyReportView>))]
        public required WeeklyReportView Report { get; init; }

        /// <summary>Seconds the document lives after its last write (Cosmos DB's per-item TTL).</summary>
        public required int Ttl { get; init; }

        [JsonPropertyName("_etag")]
        public string? ETag { get; init; }
    }

    private sealed record SummaryRow(string Id, Instant CreatedAt, Instant Cutoff, [property: JsonConverter(typeof(ApiJsonConverter<ReportSummary>))] ReportSummary Summary);

    /// <summary>
    /// A value inside a stored document written and read as the API writes it (<see cref="AppJson.Options"/>: enums as
    /// camelCase strings, NodaTime's formats), whatever options the document itself is serialized with.
    /// </summary>
    private sealed class ApiJsonConverter<T> : JsonConverter<T>
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<T>(ref reader, AppJson.Options);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, AppJson.Options);
    }

    private static class PageToken
    {
        private const int Version = 1;

        public static string Encode(string lastReportId) =>
            Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new TokenBody(Version, lastReportId)));

        public static string Decode(string token)
        {
            try
            {
                var body = JsonSerializer.Deserialize<TokenBody>(Base64Url.DecodeFromChars(token));
                if (body is { V: Version, After: { Length: > 0 } after })
                {
                    return after;
                }
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
            }

            throw new InvalidContinuationTokenException("The continuation token is not one this API returned.");
        }

        private sealed record TokenBody([property: JsonPropertyName("v")] int V, [property: JsonPropertyName("after")] string After);
    }
}
