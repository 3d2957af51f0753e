using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>
/// The app (<see cref="AppHarness"/>, real registrations, fake clock) with SendGrid's API faked, and the report queue
/// worked the way Service Bus works it: each message delivered once per MessageId, a failed delivery delivered again.
/// </summary>
internal sealed class ReportHarness : IAsyncDisposable
{
    public const string QueueName = "weekly-reports";

    /// <summary>A Monday morning, UTC: a run at this cutoff reports on 23 to 29 November 2026.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);

    private int delivered;

    private ReportHarness(AppHarness app, FakeSendGrid sendGrid)
    {
        App = app;
        SendGrid = sendGrid;
    }

    public AppHarness App { get; }

    public FakeSendGrid SendGrid { get; }

    public ReportStore Reports => App.Services.GetRequiredService<ReportStore>();

    /// <summary>Deliveries that threw, as Service Bus would count them before redelivering.</summary>
    public List<Exception> FailedDeliveries { get; } = [];

    /// <param name="configure">Last changes to the registrations (e.g. a Cosmos request handler that counts round trips).</param>
    public static async Task<ReportHarness> StartAsync(CosmosServer cosmos, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var sendGrid = await FakeSendGrid.StartAsync();
        var values = new Dictionary<string, string?> { ["SendGrid:Host"] = sendGrid.BaseUrl };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new ReportHarness(await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), settings: values, configure: configure), sendGrid);
    }

    public async Task PostAllAsync(params string[] webhooks)
    {
        foreach (var webhook in webhooks)
        {
            var response = await App.PostWebhookAsync(webhook);
            Assert.True(response.Status is 200 or 202, $"webhook answered {response.Status}: {response.Body}");
        }
    }

    /// <summary><c>POST /api/admin/weekly-reports</c> with the body as given.</summary>
    public async Task<AppHarness.Response> PostRunAsync(string body)
    {
        var context = App.Request("POST", Encoding.UTF8.GetBytes(body));
        return await App.InvokeAsync<StartWeeklyReportsFunctions>(context, (f, r) => f.OnRequest(r, CancellationToken.None));
    }

    /// <summary>Starts a run at <paramref name="cutoff"/> through the endpoint, with the clock just after it.</summary>
    public async Task StartRunAsync(DateTimeOffset cutoff)
    {
        if (App.Time.GetUtcNow() < cutoff.AddSeconds(5))
        {
            App.Time.SetUtcNow(cutoff.AddSeconds(5));
        }

        var response = await PostRunAsync(new JsonObject { ["periodEnd"] = cutoff.ToString("O") }.ToJsonString());
        Assert.True(response.Status == 202, response.Body);
    }

    /// <summary>
    /// Delivers every report message queued since the last drain, and those they queue in turn, to BuildWeeklyReports
    /// (alert messages share the recording sender and are passed over).
    /// A MessageId is delivered once per drain (duplicate detection); a delivery that throws is delivered again, up to
    /// <paramref name="maxDeliveries"/> times. A later drain delivers again what a later run queues, as a run started
    /// after the duplicate-detection window would.
    /// </summary>
    public async Task DrainAsync(int maxDeliveries = 10)
    {
        var seen = new HashSet<string>();
        var function = App.Function<BuildWeeklyReportsFunction>();
        while (delivered < App.Queue.Sent.Count)
        {
            var (queue, message) = App.Queue.Sent.ElementAt(delivered++);
            if (queue != QueueName || !seen.Add(message.MessageId))
            {
                continue;
            }

            var payload = message.Body.ToObjectFromJson<ReportShardMessage>(AppJson.Options)!;
            for (var delivery = 1; ; delivery++)
            {
                try
                {
                    await function.Run(payload, CancellationToken.None);
                    break;
                }
                catch (Exception e) when (delivery < maxDeliveries)
                {
                    FailedDeliveries.Add(e);
                }
            }
        }
    }

    /// <summary>The creator's weekly report email record for the run at <paramref name="cutoff"/> (default <see cref="Monday"/>).</summary>
    public Task<DeliveryRecord?> EmailRecordAsync(string creatorId, DateTimeOffset? cutoff = null) =>
        App.Services.GetRequiredService<NotificationLedger>().ReadAsync(
            creatorId, EmailKeys.WeeklyReport(NodaTime.Instant.FromDateTimeOffset(cutoff ?? Monday)), CancellationToken.None);

    /// <summary>The messages queued for the report queue so far.</summary>
    public List<(string MessageId, ReportShardMessage Body)> QueuedMessages() =>
        App.Queue.Sent.Where(s => s.Queue == QueueName)
            .Select(s => (s.Message.MessageId, s.Message.Body.ToObjectFromJson<ReportShardMessage>(AppJson.Options)!))
            .ToList();

    /// <summary>Emails SendGrid received for an address.</summary>
    public List<CapturedRequest> EmailsTo(string address) =>
        SendGrid.Requests.Where(r => r.Json.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("email").GetString() == address).ToList();

    /// <summary>The report document as stored, for the fields the API doesn't show (ttl).</summary>
    public async Task<JsonElement> RawReportAsync(string creatorId, string reportId)
    {
        var container = App.Services.GetRequiredService<CosmosContainers>().Reports;
        return (await container.ReadItemAsync<JsonElement>(reportId, new PartitionKey(creatorId))).Resource;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await SendGrid.DisposeAsync();
    }
}
