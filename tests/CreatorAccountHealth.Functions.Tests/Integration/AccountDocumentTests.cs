using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Domain.Violations;
using CreatorAccountHealth.Functions.Accounts;
using CreatorAccountHealth.Functions.Standing;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using FsCheck.Xunit;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Cosmos;
using Microsoft.Azure.Cosmos.Fluent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>The account document against the Cosmos DB protocol server: what each path costs, rebuilds, migration, outages.</summary>
[Collection(CosmosServer.CollectionName)]
public sealed class AccountDocumentTests(CosmosServer cosmos) : IAsyncLifetime
{
    private readonly CosmosRequestLog log = new();
    private AppHarness app = null!;

    public async Task InitializeAsync() =>
        app = await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName(), configure: s => s.AddSingleton<RequestHandler>(log));

    public async Task DisposeAsync() => await app.DisposeAsync();

    private ICreatorStore Store => app.Services.GetRequiredService<ICreatorStore>();

    [Fact]
    public async Task A_violation_that_fires_no_alert_costs_three_round_trips_and_no_query()
    {
        await app.PostWebhookAsync(Events.NoticeSent("evt-n", "c-hot", "n-1")); // the account exists, today's activity is indexed
        log.Clear();

        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-v", "c-hot", "v-1", policyCode: "unattended-livestream"))).Status);

        var requests = log.Requests;
        Assert.Equal(["GET", "POST", "PUT"], requests.Select(r => r.Method)); // read the account, create the event, replace
        Assert.DoesNotContain(requests, r => r.IsQuery);
        Assert.Contains("/docs/account", requests[2].Path);
    }

    [Fact]
    public async Task A_creators_first_event_reads_the_missing_account_once()
    {
        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-first", "c-new", "v-1", policyCode: "unattended-livestream"))).Status);

        var accountReads = log.Requests.Where(r => r.Method == "GET" && r.Path.EndsWith("/docs/account", StringComparison.Ordinal)).ToList();
        Assert.Equal(System.Net.HttpStatusCode.NotFound, Assert.Single(accountReads).Status); // not again before creating it
        Assert.Equal(1, (await Store.ReadStoredAccountAsync("c-new", CancellationToken.None))?.Violations.Count);
    }

    [Fact]
    public async Task The_activity_index_is_written_once_a_day_not_once_an_event()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-index", "v-1", policyCode: "unattended-livestream"));
        await app.PostWebhookAsync(Events.NoticeSent("evt-2", "c-index", "n-1"));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-3", "c-index", "v-3", policyCode: "unattended-livestream"));
        app.Time.Advance(TimeSpan.FromDays(1));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-4", "c-index", "v-4", policyCode: "unattended-livestream"));

        Assert.Equal(2, log.Requests.Count(r => r.Path.Contains("/colls/" + ContainerNames.ReportActivity, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_standing_is_one_point_read_and_the_profile_too()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-p", "c-read", "read@shop.example", "2026-11-20T00:00:00Z"));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-v", "c-read", "v-1"));
        log.Clear();

        var context = app.Request(HttpMethods.Get);
        var standing = await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, "c-read", CancellationToken.None));
        var profile = await Store.GetProfileAsync("c-read", CancellationToken.None);

        Assert.Equal(200, standing.Status);
        Assert.Equal(10, standing.Json.GetProperty("activePoints").GetInt32());
        Assert.Equal("read@shop.example", profile?.Email);
        Assert.Equal(["GET", "GET"], log.Requests.Select(r => r.Method));
        Assert.DoesNotContain(log.Requests, r => r.IsQuery);
    }

    /// <summary>Some events, shuffled, some delivered twice, through the webhook: the account it maintains is the one a rebuild makes.</summary>
    [Property(MaxTest = 6)]
    public bool A_rebuild_equals_the_incrementally_maintained_account(int seed) => RebuildEqualsIncremental(seed).GetAwaiter().GetResult();

    private async Task<bool> RebuildEqualsIncremental(int seed)
    {
        var creator = $"c-prop-{Guid.NewGuid():N}";
        string[] events =
        [
            Events.CreatorUpserted("evt-p1", creator, "one@shop.example", "2026-11-20T00:00:00Z", "Europe/Paris"),
            Events.CreatorUpserted("evt-p2", creator, "two@shop.example", "2026-11-10T00:00:00Z"),
            Events.ViolationIssued("evt-v1", creator, "v1", policyCode: "deceptive-pricing", issuedAt: "2026-11-20T10:00:00Z"),
            Events.ViolationIssued("evt-v2", creator, "v2", policyCode: "deceptive-pricing", issuedAt: "2026-11-21T10:00:00Z"),
            Events.ViolationIssued("evt-v3", creator, "v3", policyCode: "medical-health-claims", issuedAt: "2026-10-01T10:00:00Z"),
            Events.ViolationIssued("evt-v4", creator, "v4", policyCode: "unattended-livestream", issuedAt: "2025-06-01T10:00:00Z"),
            Events.ViolationIssued("evt-v5", creator, "v5", policyCode: "deceptive-pricing", issuedAt: "2026-05-01T10:00:00Z"), // archived
            Events.ViolationOverturned("evt-o5", creator, "v5", "2026-05-02T10:00:00Z"),
            Events.ViolationOverturned("evt-o2", creator, "v2", "2026-11-22T10:00:00Z"),
            Events.ViolationOverturned("evt-o9", creator, "v9", "2026-11-22T10:00:00Z"),
            Events.NoticeSent("evt-n1", creator, "n1"),
        ];
        var random = new Random(seed);
        foreach (var body in events.Concat(events.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()))
        {
            var status = (await app.PostWebhookAsync(body)).Status;
            Assert.True(status is 200 or 202, $"webhook answered {status}");
        }

        var incremental = (await Store.ReadAccountAsync(creator, CancellationToken.None))!;
        var incrementalWhole = await Store.LoadWholeAccountAsync(creator, CancellationToken.None);
        var rebuilt = (await Store.RebuildAccountAsync(creator, CancellationToken.None))!;
        var rebuiltWhole = await Store.LoadWholeAccountAsync(creator, CancellationToken.None);

        return rebuilt.ToDomain().SameAs(incremental.ToDomain())
            && rebuiltWhole.SameAs(incrementalWhole)
            && incremental.ToDomain().Violations.Select(v => v.Id).SequenceEqual(["v3", "v1", "v2"]) // v4 can't count any more, v5 is archived
            && incrementalWhole.Violations.Select(v => v.Id).SequenceEqual(["v5", "v3", "v1", "v2"])
            && incremental.ArchivedUntil == rebuilt.ArchivedUntil
            && rebuilt.AlertState().SameAs(incremental.AlertState());
    }

    private static readonly AccountRetention Retention = AccountRetention.For(StandingRules.Default);

    private static string IsoOf(Instant instant) => CosmosInstantConverter.Format(instant);

    private Instant Now => Instant.FromDateTimeOffset(app.Time.GetUtcNow());

    /// <summary>The requests to the creators container (the activity index is written once a day: time moves here).</summary>
    private IReadOnlyList<CosmosRequest> CreatorRequests => log.Requests.Where(r => !r.Path.Contains("/colls/" + ContainerNames.ReportActivity, StringComparison.Ordinal)).ToList();

    private async Task<ArchiveDocument?> StoredArchiveAsync(string creatorId)
    {
        try
        {
            return (await app.Services.GetRequiredService<CosmosContainers>().Creators.ReadItemAsync<ArchiveDocument>(ArchiveDocument.DocumentId, new PartitionKey(creatorId))).Resource;
        }
        catch (CosmosException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    [Fact]
    public async Task Violations_move_to_the_archive_a_batch_past_the_hot_window_and_not_before_and_reads_stay_one_point_read()
    {
        // The oldest violation reaches the batch boundary (hot window + a week) one hour after the second webhook.
        var oldest = Now - Retention.HotFor - Retention.ArchiveEvery + Duration.FromHours(1);
        await app.PostWebhookAsync(Events.NoticeSent("evt-n", "c-batch", "n-1")); // the account exists (a creation moves at once, as a rebuild)
        await app.PostWebhookAsync(Events.ViolationIssued("evt-old", "c-batch", "v-old", policyCode: "unattended-livestream", issuedAt: IsoOf(oldest)));
        log.Clear();

        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-batch", "v-1", policyCode: "unattended-livestream", issuedAt: IsoOf(Now)))).Status);
        Assert.Equal(["GET", "POST", "PUT"], CreatorRequests.Select(r => r.Method)); // not due yet: no archive
        Assert.Null(await StoredArchiveAsync("c-batch"));

        app.Time.Advance(TimeSpan.FromHours(2));
        log.Clear();
        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-batch", "v-2", policyCode: "unattended-livestream", issuedAt: IsoOf(Now)))).Status);

        // Due: the archive is read and created first, then the account replaced without the old violation.
        Assert.Equal(["GET", "POST", "GET", "POST", "PUT"], CreatorRequests.Select(r => r.Method));
        Assert.EndsWith("/docs/" + ArchiveDocument.DocumentId, CreatorRequests[2].Path); // then its create
        Assert.Equal(["v-old"], (await StoredArchiveAsync("c-batch"))!.Violations.Select(v => v.ViolationId));
        var account = (await Store.ReadStoredAccountAsync("c-batch", CancellationToken.None))!;
        Assert.Equal(["v-1", "v-2"], account.Violations.Select(v => v.ViolationId));
        Assert.Equal(oldest, account.ArchivedUntil);

        // The next webhook and the standing are the usual round trips again.
        log.Clear();
        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-3", "c-batch", "v-3", policyCode: "unattended-livestream", issuedAt: IsoOf(Now)))).Status);
        var standing = await app.InvokeAsync<CreatorStandingFunction>(app.Request(HttpMethods.Get), (f, r) => f.Run(r, "c-batch", CancellationToken.None));
        Assert.Equal(200, standing.Status);
        Assert.Equal(3, standing.Json.GetProperty("activePoints").GetInt32());
        Assert.Equal(["GET", "POST", "PUT", "GET"], CreatorRequests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_crash_between_the_archive_write_and_the_account_write_loses_nothing_and_counts_nothing_twice()
    {
        var old = Now - Retention.HotFor - Duration.FromDays(3); // not due yet: stays in the account (after its creation)
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-crash", "v-1", policyCode: "unattended-livestream", issuedAt: IsoOf(Now)));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-old", "c-crash", "v-old", policyCode: "counterfeit-goods", issuedAt: IsoOf(old)));
        app.Time.Advance(TimeSpan.FromDays(5)); // now due

        // The archive's write goes through, the account's fails: storage down half-way.
        log.FailWhen = r => r.Method == "PUT" && r.Path.EndsWith("/docs/account", StringComparison.Ordinal);
        Assert.Equal(503, (await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-crash", "v-2", policyCode: "unattended-livestream", issuedAt: IsoOf(Now)))).Status);
        log.FailWhen = null;

        Assert.Equal(["v-old"], (await StoredArchiveAsync("c-crash"))!.Violations.Select(v => v.ViolationId));
        Assert.Equal(["v-old", "v-1"], (await Store.ReadStoredAccountAsync("c-crash", CancellationToken.None))!.Violations.Select(v => v.ViolationId));
        var whole = await Store.LoadWholeAccountAsync("c-crash", CancellationToken.None);
        Assert.Equal(["v-old", "v-1"], whole.Violations.Select(v => v.Id)); // in both documents, counted once
        Assert.True(new InvitationRule(["counterfeit-goods"], 365, null).Matches(whole.ToHistory(), Now, StandingRules.Default));

        // The platform retries: the event is applied once, the move completes, nothing is lost.
        Assert.Equal(200, (await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-crash", "v-2", policyCode: "unattended-livestream", issuedAt: IsoOf(Now)))).Status);
        var account = (await Store.ReadStoredAccountAsync("c-crash", CancellationToken.None))!;
        Assert.Equal(["v-1", "v-2"], account.Violations.Select(v => v.ViolationId));
        Assert.Equal(["v-old"], (await StoredArchiveAsync("c-crash"))!.Violations.Select(v => v.ViolationId));
        Assert.Equal(["v-old", "v-1", "v-2"], (await Store.LoadWholeAccountAsync("c-crash", CancellationToken.None)).Violations.Select(v => v.Id));
        var standing = await app.InvokeAsync<CreatorStandingFunction>(app.Request(HttpMethods.Get), (f, r) => f.Run(r, "c-crash", CancellationToken.None));
        Assert.Equal(2, standing.Json.GetProperty("activePoints").GetInt32());
    }

    [Fact]
    public async Task A_rebuild_writes_both_documents_and_the_quiz_list_still_shows_an_archived_violation()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-old", "c-both", "v-old", issuedAt: IsoOf(Now - Duration.FromDays(200))));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-both", "v-1", issuedAt: IsoOf(Now)));
        var creators = app.Services.GetRequiredService<CosmosContainers>().Creators;
        await creators.DeleteItemAsync<ArchiveDocument>(ArchiveDocument.DocumentId, new PartitionKey("c-both"));
        await creators.DeleteItemAsync<AccountDocument>(AccountDocument.DocumentId, new PartitionKey("c-both"));

        var rebuilt = await app.InvokeAsync<RebuildAccountFunction>(app.Request(HttpMethods.Post), (f, r) => f.Run(r, "c-both", CancellationToken.None));

        Assert.Equal(200, rebuilt.Status);
        Assert.Equal(["v-1"], (await Store.ReadStoredAccountAsync("c-both", CancellationToken.None))!.Violations.Select(v => v.ViolationId));
        Assert.Equal(["v-old"], (await StoredArchiveAsync("c-both"))!.Violations.Select(v => v.ViolationId));
        var quizzes = await app.Services.GetRequiredService<Functions.Quizzes.QuizService>().ListAsync("c-both", Now, CancellationToken.None);
        Assert.Equal(["v-1", "v-old"], quizzes.Value!.Quizzes.Select(q => q.ViolationId));
    }

    [Fact]
    public async Task The_quiz_list_of_an_account_with_an_archive_reads_the_account_and_the_archive_once_each()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-old", "c-list", "v-old", issuedAt: IsoOf(Now - Duration.FromDays(200))));
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-list", "v-1", issuedAt: IsoOf(Now)));
        await Store.RebuildAccountAsync("c-list", CancellationToken.None); // a rebuild moves everything past the hot window
        log.Clear();

        var quizzes = await app.Services.GetRequiredService<Functions.Quizzes.QuizService>().ListAsync("c-list", Now, CancellationToken.None);

        Assert.Equal(["v-1", "v-old"], quizzes.Value!.Quizzes.Select(q => q.ViolationId));
        Assert.DoesNotContain(CreatorRequests, r => r.IsQuery || r.Method != "GET");
        Assert.Single(CreatorRequests, r => r.Path.EndsWith("/docs/" + AccountDocument.DocumentId, StringComparison.Ordinal));
        Assert.Single(CreatorRequests, r => r.Path.EndsWith("/docs/" + ArchiveDocument.DocumentId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_storage_outage_in_the_middle_leaves_the_account_as_it_was_and_the_retry_completes_it()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-cut", "v-1", policyCode: "unattended-livestream"));
        var before = await Store.ReadAccountAsync("c-cut", CancellationToken.None);

        // The event is recorded, then storage fails on the account's write.
        log.FailWhen = r => r.Method == "PUT" && r.Path.EndsWith("/docs/account", StringComparison.Ordinal);
        Assert.Equal(503, (await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-cut", "v-2", policyCode: "unattended-livestream"))).Status);
        log.FailWhen = null;

        var during = await Store.ReadAccountAsync("c-cut", CancellationToken.None);
        Assert.Equal(before!.ETag, during!.ETag);
        Assert.Equal(["v-1"], during.Violations.Select(v => v.ViolationId));

        // The platform retries: the event is a repeat (200), and its account update happens now, once.
        Assert.Equal(200, (await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-cut", "v-2", policyCode: "unattended-livestream"))).Status);
        var after = await Store.ReadAccountAsync("c-cut", CancellationToken.None);
        Assert.Equal(["v-1", "v-2"], after!.Violations.Select(v => v.ViolationId).Order());
    }

    [Fact]
    public async Task Losing_every_race_for_the_account_is_a_409_to_retry_not_a_503_and_the_retry_completes_it()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-race", "v-1", policyCode: "unattended-livestream"));

        log.FailWith = System.Net.HttpStatusCode.PreconditionFailed; // as if another event won every round
        log.FailWhen = r => r.Method == "PUT" && r.Path.EndsWith("/docs/account", StringComparison.Ordinal);
        var lost = await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-race", "v-2", policyCode: "unattended-livestream"));
        log.FailWhen = null;

        Assert.Equal(409, lost.Status);
        Assert.Equal("concurrentUpdate", lost.Json.GetProperty("reason").GetString());
        Assert.True(int.Parse(lost.Headers.RetryAfter.ToString()) >= 1);
        Assert.Equal(OptimisticConcurrency.DefaultRounds, log.Requests.Count(r => r.Method == "PUT" && r.Status == System.Net.HttpStatusCode.PreconditionFailed));

        Assert.Equal(200, (await app.PostWebhookAsync(Events.ViolationIssued("evt-2", "c-race", "v-2", policyCode: "unattended-livestream"))).Status);
        Assert.Equal(["v-1", "v-2"], (await Store.ReadAccountAsync("c-race", CancellationToken.None))!.Violations.Select(v => v.ViolationId));
    }

    [Fact]
    public async Task Data_from_before_accounts_is_migrated_on_first_touch_with_its_alert_memory()
    {
        var containers = app.Services.GetRequiredService<CosmosContainers>();
        var creators = containers.Creators;
        foreach (var (id, at) in new[] { ("v-1", "2026-11-20T10:00:00.0000000Z"), ("v-2", "2026-11-21T10:00:00.0000000Z") })
        {
            await creators.CreateItemAsync(
                new JsonObject
                {
                    ["id"] = "violation:" + id, ["creatorId"] = "c-old", ["docType"] = "violation", ["eventId"] = "evt-" + id,
                    ["occurredAt"] = at, ["receivedAt"] = at, ["violationId"] = id, ["policyCode"] = "deceptive-pricing",
                    ["surface"] = "video", ["contentId"] = "x", ["issuedAt"] = at, ["points"] = 6,
                },
                new PartitionKey("c-old"));
        }

        // The warning was alerted before accounts existed: its alert memory says so.
        await creators.CreateItemAsync(
            new JsonObject
            {
                ["id"] = "alert-state", ["creatorId"] = "c-old", ["docType"] = "alertState", ["evaluatedViolationIds"] = new JsonArray("v-1", "v-2"),
                ["entries"] = new JsonArray(new JsonObject { ["milestoneKey"] = "formal-warning", ["kind"] = "Reached", ["armed"] = false, ["episodes"] = 1 }),
            },
            new PartitionKey("c-old"));

        var context = app.Request(HttpMethods.Get);
        var standing = await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, "c-old", CancellationToken.None));
        Assert.Equal(12, standing.Json.GetProperty("activePoints").GetInt32());

        var account = await creators.ReadItemAsync<AccountDocument>(AccountDocument.DocumentId, new PartitionKey("c-old"));
        Assert.Equal(AccountDocument.CurrentSchemaVersion, account.Resource.SchemaVersion);
        Assert.False(account.Resource.AlertState().For("formal-warning", Domain.Alerts.AlertKind.Reached).Armed);

        // So a later violation at the same milestone doesn't alert the warning again.
        await app.PostWebhookAsync(Events.ViolationIssued("evt-v3", "c-old", "v-3", policyCode: "unattended-livestream"));
        Assert.Empty(app.Queue.Sent);
    }

    [Fact]
    public async Task Readers_racing_to_first_touch_an_account_write_it_once_and_all_read_that_one()
    {
        // Events stored with no account yet (data from before accounts, or an account lost): eight readers arrive at once.
        var creators = app.Services.GetRequiredService<CosmosContainers>().Creators;
        const string At = "2026-11-20T10:00:00.0000000Z";
        await creators.CreateItemAsync(
            new JsonObject
            {
                ["id"] = "violation:v-1", ["creatorId"] = "c-race", ["docType"] = "violation", ["eventId"] = "evt-v-1",
                ["occurredAt"] = At, ["receivedAt"] = At, ["violationId"] = "v-1", ["policyCode"] = "deceptive-pricing",
                ["surface"] = "video", ["contentId"] = "x", ["issuedAt"] = At, ["points"] = 6,
            },
            new PartitionKey("c-race"));
        log.Clear();

        var accounts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.ReadAccountAsync("c-race", CancellationToken.None))));

        // The first create wins; a reader that lost it takes the winner's account instead of rebuilding and replacing it
        // (which made the racers fight each other until one gave up: "kept changing concurrently").
        var writes = log.Requests.Where(r => !r.IsQuery && r.Method is "POST" or "PUT" && (int)r.Status is >= 200 and < 300).ToList();
        Assert.Single(writes);
        Assert.Single(accounts.Select(a => a!.ETag).Distinct());
        Assert.All(accounts, a => Assert.Equal(["v-1"], a!.Violations.Select(v => v.ViolationId)));
    }

    [Fact]
    public async Task An_account_of_an_older_schema_version_is_rebuilt_from_the_events()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-schema", "v-1"));
        var creators = app.Services.GetRequiredService<CosmosContainers>().Creators;
        var stored = (await creators.ReadItemAsync<AccountDocument>(AccountDocument.DocumentId, new PartitionKey("c-schema"))).Resource;
        await creators.ReplaceItemAsync(stored with { SchemaVersion = 0, Violations = [], ETag = null }, AccountDocument.DocumentId, new PartitionKey("c-schema"));

        var account = await Store.ReadAccountAsync("c-schema", CancellationToken.None);

        Assert.Equal(AccountDocument.CurrentSchemaVersion, account!.SchemaVersion);
        Assert.Equal(["v-1"], account.Violations.Select(v => v.ViolationId));
    }

    [Fact]
    public async Task The_rebuild_endpoint_answers_the_rebuilt_standing_and_404_for_an_unknown_creator()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-rebuild", "v-1"));
        var creators = app.Services.GetRequiredService<CosmosContainers>().Creators;
        await creators.DeleteItemAsync<AccountDocument>(AccountDocument.DocumentId, new PartitionKey("c-rebuild"));

        var rebuilt = await app.InvokeAsync<RebuildAccountFunction>(app.Request(HttpMethods.Post), (f, r) => f.Run(r, "c-rebuild", CancellationToken.None));
        var unknown = await app.InvokeAsync<RebuildAccountFunction>(app.Request(HttpMethods.Post), (f, r) => f.Run(r, "c-nobody", CancellationToken.None));

        Assert.Equal(200, rebuilt.Status);
        Assert.Equal(10, rebuilt.Json.GetProperty("activePoints").GetInt32());
        Assert.Equal("c-rebuild", rebuilt.Json.GetProperty("creatorId").GetString());
        Assert.NotNull(await Store.ReadAccountAsync("c-rebuild", CancellationToken.None));
        Assert.Equal(404, unknown.Status);
    }

    [Fact]
    public async Task Events_expire_after_the_retention_setting()
    {
        await app.PostWebhookAsync(Events.ViolationIssued("evt-1", "c-ttl", "v-1"));
        var creators = app.Services.GetRequiredService<CosmosContainers>().Creators;

        var stored = await creators.ReadItemAsync<JsonElement>("violation:v-1", new PartitionKey("c-ttl"));

        Assert.Equal(400 * 86_400, stored.Resource.GetProperty("ttl").GetInt32());
    }

    [Fact]
    public async Task An_account_with_two_thousand_active_violations_is_well_under_the_2_MB_item_limit()
    {
        var now = Instant.FromDateTimeOffset(app.Time.GetUtcNow());
        var events = Enumerable.Range(0, 2_000).Select(i => (AccountEvent)new ViolationIssued(new Violation(
            $"violation-{i:D6}", "c-big", "dangerous-acts", Surface.Livestream, $"content-{i:D6}", now - Duration.FromMinutes(i), 10, new string('m', 2000))));
        var account = CreatorAccount.Rebuild("c-big", events, now, AccountRetention.For(StandingRules.Default));
        var document = new AccountDocument { CreatorId = "c-big" }.With(account);

        var bytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(document, CosmosContainers.DocumentJson));
        await app.Services.GetRequiredService<CosmosContainers>().Creators.CreateItemAsync(document, new PartitionKey("c-big"));
        var context = app.Request(HttpMethods.Get);
        var standing = await app.InvokeAsync<CreatorStandingFunction>(context, (f, r) => f.Run(r, "c-big", CancellationToken.None));

        Assert.True(bytes < 1_500_000, $"{bytes:N0} bytes");
        Assert.Equal(20_000, standing.Json.GetProperty("activePoints").GetInt32());
    }
}
