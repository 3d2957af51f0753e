using System.Diagnostics.Metrics;
using CreatorAccountHealth.Functions.Quizzes;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Telemetry;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Tests.Quizzes;
using CreatorAccountHealth.Functions.Tests.Reports;
using CreatorAccountHealth.Functions.Tests.Trainings;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CreatorAccountHealth.Functions.Tests.Telemetry;

/// <summary>
/// Each flow moves its metrics by what it did, and only then. Collectors listen to one harness's meter, so the tests
/// running beside these don't move the numbers.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class MetricsTests(CosmosServer cosmos)
{
    [Fact]
    public async Task Webhook_events_are_counted_by_type_and_outcome_with_the_reason_of_a_refusal()
    {
        await using var app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        using var events = Collect<long>(app.Services, AppMetrics.WebhookEvents);

        await app.PostWebhookAsync(Events.ViolationIssued("evt-m1", "c-metrics", "v-1"));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-m1", "c-metrics", "v-1"));
        await app.PostWebhookAsync(Events.NoticeSent("evt-m2", "c-metrics", "n-1"));
        await app.PostWebhookAsync("""{"eventId":"evt-m3","type":"violation.issued"}""");
        var forged = app.SignedWebhook(Events.ViolationIssued("evt-m4", "c-metrics", "v-2"), secret: "not-the-secret");
        await app.InvokeAsync<PlatformWebhookFunction>(forged, (f, r) => f.Run(r, CancellationToken.None));

        var counted = events.GetMeasurementSnapshot()
            .GroupBy(m => (Tag(m, "event.type"), Tag(m, "outcome"), Tag(m, "reason")))
            .ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(
            new Dictionary<(string?, string?, string?), long>
            {
                [("violation.issued", "recorded", "none")] = 1,
                [("violation.issued", "repeat", "none")] = 1,
                [("notice.sent", "recorded", "none")] = 1,
                [("unknown", "refused", "invalid")] = 1,
                [("unknown", "refused", "signature.NoMatch")] = 1,
            },
            counted);
    }

    [Fact]
    public async Task Quiz_attempts_and_point_removals_are_counted_once_even_when_an_answer_is_repeated()
    {
        await using var app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        using var attempts = Collect<long>(app.Services, AppMetrics.QuizAttempts);
        using var removals = Collect<long>(app.Services, AppMetrics.QuizPointRemovals);
        var quiz = new QuizClient(app);
        await app.PostWebhookAsync(Events.ViolationIssued("evt-q1", "c-quiz-metrics", "v-1", issuedAt: "2026-11-20T10:00:00Z"));

        var failedAttempt = await quiz.StartAsync("c-quiz-metrics", "v-1");
        await quiz.AnswerAsync("c-quiz-metrics", "v-1", Id(failedAttempt), quiz.Answers(failedAttempt, "dangerous-acts", allCorrect: false));
        var passed = await quiz.StartAsync("c-quiz-metrics", "v-1");
        var answers = quiz.Answers(passed, "dangerous-acts");
        Assert.Equal(200, (await quiz.AnswerAsync("c-quiz-metrics", "v-1", Id(passed), answers)).Status);
        Assert.Equal(200, (await quiz.AnswerAsync("c-quiz-metrics", "v-1", Id(passed), answers)).Status);

        Assert.Equal(
            [("failed", 1L), ("passed", 1L), ("started", 2L)],
            attempts.GetMeasurementSnapshot().GroupBy(m => Tag(m, "outcome")!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(p => p.Key));
        var removal = Assert.Single(removals.GetMeasurementSnapshot());
        Assert.Equal("removed", Tag(removal, "outcome"));
    }

    [Fact]
    public async Task Registrations_are_counted_by_outcome_and_a_freed_seat_counts_a_waitlist_promotion()
    {
        await using var t = await TrainingHarness.StartAsync(cosmos);
        using var registrations = Collect<long>(t.App.Services, AppMetrics.WorkshopRegistrations);
        using var promotions = Collect<long>(t.App.Services, AppMetrics.WaitlistPromotions);
        var id = await t.WorkshopAsync(1, 3, "ana", "ben");

        (await t.RegisterAsync("ana", id)).Ok();
        (await t.RegisterAsync("ben", id)).Ok();
        (await t.WithdrawAsync("ana", id)).Ok();

        Assert.Equal(
            [("declined", 1L), ("registered", 1L), ("waitlisted", 1L)],
            registrations.GetMeasurementSnapshot().GroupBy(m => Tag(m, "outcome")!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(p => p.Key));
        Assert.Equal(1, promotions.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task A_report_run_counts_its_creators_by_stage_and_every_shard_it_finished()
    {
        await using var run = await ReportHarness.StartAsync(cosmos);
        using var started = Collect<long>(run.App.Services, AppMetrics.ReportRunsStarted);
        using var creators = Collect<long>(run.App.Services, AppMetrics.ReportCreators);
        using var shards = Collect<long>(run.App.Services, AppMetrics.ReportShardsFinished);
        using var emails = Collect<long>(run.App.Services, AppMetrics.Emails);
        await run.PostAllAsync(
            ReportEvents.Profile("r-emailed"),
            ReportEvents.Violation("r-emailed", "e1"),
            ReportEvents.Profile("r-opted-out", weeklyReports: false),
            ReportEvents.Violation("r-opted-out", "o1"));

        await run.StartRunAsync(ReportHarness.Monday);
        await run.DrainAsync();

        var runId = ReportShardMessage.RunIdFor(NodaTime.Instant.FromDateTimeOffset(ReportHarness.Monday));
        Assert.Equal(runId, Tag(Assert.Single(started.GetMeasurementSnapshot()), "report.run"));
        Assert.All(creators.GetMeasurementSnapshot(), m => Assert.Equal(runId, Tag(m, "report.run")));
        Assert.Equal(
            [("built", 2L), ("due", 2L), ("emailed", 1L)],
            creators.GetMeasurementSnapshot().GroupBy(m => Tag(m, "stage")!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(p => p.Key));
        Assert.Equal(ReportActivityIndex.Shards, shards.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(
            [("sent", 1L), ("suppressed", 1L)],
            emails.GetMeasurementSnapshot().Where(m => Tag(m, "email.kind") == ReportEmailer.Category)
                .GroupBy(m => Tag(m, "outcome")!).Select(g => (g.Key, g.Sum(m => m.Value))).OrderBy(p => p.Key));
    }

    [Fact]
    public async Task A_throttled_Cosmos_DB_request_is_counted_per_operation_and_container_with_its_charge()
    {
        var throttle = new ThrottleCreates();
        await using var app = await AppHarness.StartAsync(
            cosmos.ConnectionString, cosmos.NewDatabaseName(), configure: s => s.AddSingleton<Microsoft.Azure.Cosmos.RequestHandler>(throttle));
        using var throttles = Collect<long>(app.Services, AppMetrics.CosmosThrottles);
        using var charges = Collect<double>(app.Services, AppMetrics.CosmosRequestCharge);
        using var events = Collect<long>(app.Services, AppMetrics.WebhookEvents);

        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-t1", "c-throttled", "v-1"))).Status);
        throttle.On = true;
        Assert.Equal(503, (await app.PostWebhookAsync(Events.ViolationIssued("evt-t2", "c-throttled", "v-2"))).Status);

        var throttled = Assert.Single(throttles.GetMeasurementSnapshot());
        Assert.Equal(("create", "creators"), (Tag(throttled, "db.operation.name"), Tag(throttled, "db.collection.name")));
        Assert.Contains(charges.GetMeasurementSnapshot(), m => Tag(m, "status") == "429" && Tag(m, "db.operation.name") == "create");
        Assert.Contains(charges.GetMeasurementSnapshot(), m => Tag(m, "status") == "2xx" && Tag(m, "db.operation.name") == "query" && m.Value > 0);

        // The 503 is answered by the HTTP pipeline, which counts the refusal under the event's type.
        var refused = Assert.Single(events.GetMeasurementSnapshot(), m => Tag(m, "outcome") == "refused");
        Assert.Equal(("violation.issued", "storageUnavailable"), (Tag(refused, "event.type"), Tag(refused, "reason")));
    }

    private static MetricCollector<T> Collect<T>(IServiceProvider services, string instrument) where T : struct =>
        new(services.GetRequiredService<IMeterFactory>(), AppTelemetry.Name, instrument);

    private static string? Tag<T>(CollectedMeasurement<T> measurement, string key) where T : struct =>
        measurement.Tags.TryGetValue(key, out var value) ? value?.ToString() : null;

    private static string Id(AppHarness.Response started) => started.Json.GetProperty("attemptId").GetString()!;

    /// <summary>Answers 429 to document creates in <c>creators</c> once switched on, as Cosmos DB does past its budget.</summary>
    private sealed class ThrottleCreates : Microsoft.Azure.Cosmos.RequestHandler
    {
        public volatile bool On;

        public override async Task<Microsoft.Azure.Cosmos.ResponseMessage> SendAsync(Microsoft.Azure.Cosmos.RequestMessage request, CancellationToken cancellationToken) =>
            On && request.Method == HttpMethod.Post && request.RequestUri?.OriginalString.EndsWith("colls/creators", StringComparison.Ordinal) is true
                && request.Headers["x-ms-documentdb-isquery"] is null
                ? new Microsoft.Azure.Cosmos.ResponseMessage((System.Net.HttpStatusCode)429, request, "Injected by the test: request rate is large.")
                : await base.SendAsync(request, cancellationToken);
    }
}
