using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CreatorAccountHealth.Functions.Telemetry;

/// <summary>
/// Every metric the app records, on one Meter (<see cref="AppTelemetry.Name"/>). The names are what dashboards and the
/// alert rules in <c>infra/modules/alerts.bicep</c> query (Application Insights stores them in <c>customMetrics</c>), so
/// they live here and nowhere else. Dimensions are small closed sets (event type, outcome, reason, kind, operation);
/// never a creator id, an address or anything a creator wrote. The weekly report run's cutoff is the one open-ended
/// dimension: one value a week.
/// </summary>
public sealed class AppMetrics
{
    public const string WebhookEvents = "creator_health.webhook.events";
    public const string AlertsDecided = "creator_health.alerts.decided";
    public const string Emails = "creator_health.emails";
    public const string ReportRunsStarted = "creator_health.reports.runs_started";
    public const string ReportCreators = "creator_health.reports.creators";
    public const string ReportShardsFinished = "creator_health.reports.shards_finished";
    public const string QuizAttempts = "creator_health.quiz.attempts";
    public const string QuizPointRemovals = "creator_health.quiz.point_removals";
    public const string WorkshopRegistrations = "creator_health.workshops.registrations";
    public const string WaitlistPromotions = "creator_health.workshops.waitlist_promotions";
    public const string CosmosRequestCharge = "creator_health.cosmos.request_charge";
    public const string CosmosThrottles = "creator_health.cosmos.throttles";
    public const string SendGridDuration = "creator_health.sendgrid.duration";

    /// <summary>All of the above, for tests that check infra and docs against the code.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        WebhookEvents, AlertsDecided, Emails, ReportRunsStarted, ReportCreators, ReportShardsFinished, QuizAttempts,
        QuizPointRemovals, WorkshopRegistrations, WaitlistPromotions, CosmosRequestCharge, CosmosThrottles, SendGridDuration,
    ];

    /// <summary>The <c>outcome</c> values of <see cref="WebhookEvents"/>, and the refusal the 5xx alert counts.</summary>
    public static class WebhookOutcomes
    {
        public const string Recorded = "recorded";
        public const string Repeat = "repeat";
        public const string Refused = "refused";

        /// <summary>An unexpected error: the host answers 500.</summary>
        public const string Failed = "failed";

        /// <summary>The <c>reason</c> of a refusal answered 503 (storage down, throttled or slow).</summary>
        public const string StorageUnavailable = "storageUnavailable";

        /// <summary>
        /// The <c>HttpContext.Items</c> key under which the webhook leaves its event's type once parsed: the HTTP pipeline
        /// (Http/HttpPipeline), which answers storage-down 503s and sees unexpected failures, counts them with it.
        /// </summary>
        public const string EventTypeItem = "creator_health.webhook.event_type";
    }

    /// <summary>The <c>outcome</c> values of <see cref="Emails"/>.</summary>
    public static class EmailOutcomes
    {
        /// <summary>SendGrid accepted it.</summary>
        public const string Sent = "sent";

        /// <summary>Not sent on purpose: already sent, opted out, no address.</summary>
        public const string Suppressed = "suppressed";

        /// <summary>SendGrid refused it for good (4xx).</summary>
        public const string Refused = "refused";

        /// <summary>SendGrid unavailable: the message goes back to the queue (or the page fails) to be tried again.</summary>
        public const string Retried = "retried";

        /// <summary>The app dead-lettered the message itself (a body it can't read).</summary>
        public const string DeadLettered = "dead_lettered";
    }

    private readonly Counter<long> webhookEvents;
    private readonly Counter<long> alertsDecided;
    private readonly Counter<long> emails;
    private readonly Counter<long> reportRunsStarted;
    private readonly Counter<long> reportCreators;
    private readonly Counter<long> reportShardsFinished;
    private readonly Counter<long> quizAttempts;
    private readonly Counter<long> quizPointRemovals;
    private readonly Counter<long> workshopRegistrations;
    private readonly Counter<long> waitlistPromotions;
    private readonly Histogram<double> cosmosRequestCharge;
    private readonly Counter<long> cosmosThrottles;
    private readonly Histogram<double> sendGridDuration;

    public AppMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AppTelemetry.Name);
        webhookEvents = meter.CreateCounter<long>(WebhookEvents, "{event}", "Platform webhook events by event.type and outcome (recorded, repeat, refused + reason)");
        alertsDecided = meter.CreateCounter<long>(AlertsDecided, "{alert}", "Milestone alerts decided to send, by alert.kind and milestone");
        emails = meter.CreateCounter<long>(Emails, "{email}", "Emails by email.kind and outcome (sent, suppressed, refused, retried, dead_lettered)");
        reportRunsStarted = meter.CreateCounter<long>(ReportRunsStarted, "{run}", "Weekly report runs started, by report.run (the cutoff)");
        reportCreators = meter.CreateCounter<long>(ReportCreators, "{creator}", "Weekly report progress per report.run by stage (due, built, emailed, failed)");
        reportShardsFinished = meter.CreateCounter<long>(ReportShardsFinished, "{shard}", "Shards of a weekly report run whose last page was worked through, by report.run");
        quizAttempts = meter.CreateCounter<long>(QuizAttempts, "{attempt}", "Quiz attempts by outcome (started, passed, failed)");
        quizPointRemovals = meter.CreateCounter<long>(QuizPointRemovals, "{quiz}", "Passed quizzes by removal outcome (removed, no_points_left, cooldown)");
        workshopRegistrations = meter.CreateCounter<long>(WorkshopRegistrations, "{registration}", "Workshop registrations by outcome (registered, waitlisted, declined)");
        waitlistPromotions = meter.CreateCounter<long>(WaitlistPromotions, "{creator}", "Creators moved from a workshop's waitlist to a seat");
        cosmosRequestCharge = meter.CreateHistogram<double>(CosmosRequestCharge, "{RU}", "Cosmos DB request units per request, by db.operation.name, db.collection.name and status");
        cosmosThrottles = meter.CreateCounter<long>(CosmosThrottles, "{request}", "Cosmos DB requests answered 429 after the SDK's own retries, by db.operation.name and db.collection.name");
        sendGridDuration = meter.CreateHistogram<double>(SendGridDuration, "s", "SendGrid Mail Send calls (retries included) by email.kind, status_class and http.response.status_code");
    }

    public void WebhookEvent(string eventType, string outcome, string? reason = null) =>
        webhookEvents.Add(1, new TagList { { "event.type", eventType }, { "outcome", outcome }, { "reason", reason ?? "none" } });

    public void AlertDecided(string kind, string milestone) =>
        alertsDecided.Add(1, new TagList { { "alert.kind", kind }, { "milestone", milestone } });

    public void Email(string kind, string outcome, int count = 1)
    {
        if (count > 0)
        {
            emails.Add(count, new TagList { { "email.kind", kind }, { "outcome", outcome } });
        }
    }

    public void ReportRunStarted(string run) => reportRunsStarted.Add(1, new KeyValuePair<string, object?>("report.run", run));

    public void ReportCreatorsAt(string run, string stage, int count)
    {
        if (count > 0)
        {
            reportCreators.Add(count, new TagList { { "report.run", run }, { "stage", stage } });
        }
    }

    public void ReportShardFinished(string run) => reportShardsFinished.Add(1, new KeyValuePair<string, object?>("report.run", run));

    public void QuizAttempt(string outcome) => quizAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void QuizPointRemoval(string outcome) => quizPointRemovals.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WorkshopRegistration(string outcome) => workshopRegistrations.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void WaitlistPromotion(int count)
    {
        if (count > 0)
        {
            waitlistPromotions.Add(count);
        }
    }

    public void CosmosRequest(string operation, string container, int statusCode, double requestCharge)
    {
        var tags = new TagList { { "db.operation.name", operation }, { "db.collection.name", container }, { "status", StatusClass(statusCode) } };
        cosmosRequestCharge.Record(requestCharge, tags);
        if (statusCode == 429)
        {
            cosmosThrottles.Add(1, new TagList { { "db.operation.name", operation }, { "db.collection.name", container } });
        }
    }

    /// <param name="statusCode">SendGrid's last answer, or null when it could not be reached.</param>
    public void SendGridCall(string kind, int? statusCode, TimeSpan duration) =>
        sendGridDuration.Record(duration.TotalSeconds, new TagList
        {
            { "email.kind", kind },
            { "status_class", statusCode is { } code ? StatusClass(code) : "unreachable" },
            { "http.response.status_code", statusCode ?? 0 },
        });

    /// <summary>2xx, 4xx, 5xx; 429 on its own (throttling is not a client error).</summary>
    public static string StatusClass(int statusCode) => statusCode == 429 ? "429" : $"{statusCode / 100}xx";
}
