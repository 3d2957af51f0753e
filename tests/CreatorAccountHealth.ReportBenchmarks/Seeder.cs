using System.Diagnostics;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;
using NodaTime;

namespace CreatorAccountHealth.ReportBenchmarks;

internal sealed record SeedResult(
    int Creators, int Indexed, long Documents, long Violations, long Notices, long ViolationsThisWeek, TimeSpan Elapsed, string LoadAverage)
{
    public double DocumentsPerSecond => Documents / Elapsed.TotalSeconds;

    public string Describe() =>
        $"Seeded {Creators:N0} creators ({Indexed:N0} in the activity index), {Documents:N0} documents " +
        $"({Violations:N0} violations, {ViolationsThisWeek:N0} of them in the report week, {Notices:N0} notices) in {Elapsed.TotalSeconds:N1} s " +
        $"({DocumentsPerSecond:N0} writes/s incl. index upserts); load {LoadAverage}";
}

/// <summary>
/// Synthetic creators written straight into the app's containers as the app's own documents (what the webhook would
/// have recorded): a profile each, 0–5 violations in the last 90 days across the catalog's policies, some notices, and
/// an activity-index entry for everyone with a violation or notice (a profile alone is not activity, as in the webhook).
/// Deterministic per creator (seeded by index), so runs compare.
/// </summary>
internal sealed class Seeder(CosmosContainers containers, ReportActivityIndex index, PolicyCatalog catalog, Instant cutoff)
{
    private static readonly string?[] Zones = ["Europe/London", "America/New_York", "Asia/Singapore", "Asia/Jakarta", "America/Los_Angeles", null];

    // Violations per creator: most have one or two, a few have five.
    private static readonly int[] ViolationWeights = [20, 30, 20, 14, 9, 7];

    private static readonly ItemRequestOptions NoContent = new() { EnableContentResponseOnWrite = false };

    private long documents;
    private long violations;
    private long notices;
    private long thisWeek;
    private int indexed;

    public static string CreatorId(int i) => $"bench-creator-{i:D7}";

    public async Task<SeedResult> SeedAsync(int creators, int concurrency, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var progress = Stopwatch.StartNew();
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, creators),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                await SeedCreatorAsync(i, ct);
                var n = Interlocked.Increment(ref done);
                if (n % 10_000 == 0)
                {
                    Console.WriteLine($"  seeded {n:N0} creators, {n / watch.Elapsed.TotalSeconds:N0}/s");
                }
            });
        return new SeedResult(creators, indexed, documents, violations, notices, thisWeek, watch.Elapsed, Machine.LoadAverage());
    }

    private async Task SeedCreatorAsync(int i, CancellationToken cancellationToken)
    {
        var random = new Random(i);
        var creatorId = CreatorId(i);
        var key = new PartitionKey(creatorId);
        var docs = new List<CreatorDocument>();
        var profileAt = cutoff - Duration.FromDays(200 + random.Next(300));
        docs.Add(new ProfileDocument
        {
            Id = $"{DocTypes.Profile}:profile-{creatorId}",
            CreatorId = creatorId,
            EventId = $"profile-{creatorId}",
            OccurredAt = profileAt,
            ReceivedAt = profileAt,
            Email = $"{creatorId}@creators.example",
            DisplayName = $"Creator {i}",
            Locale = "en-GB",
            TimeZone = Zones[random.Next(Zones.Length)],
            EmailPreferences = random.Next(20) == 0 ? new EmailPreferences(true, false) : EmailPreferences.All,
        });

        var count = Pick(random, ViolationWeights);
        var latest = (Instant?)null;
        for (var v = 0; v < count; v++)
        {
            var policy = catalog.Policies[random.Next(catalog.Policies.Count)];
            // A third of violations fall in the report week, the rest spread over the 90 days before it.
            var age = random.Next(3) == 0 ? Duration.FromSeconds(random.Next(7 * 86_400)) : Duration.FromSeconds(random.Next(90 * 86_400));
            var at = cutoff - age - Duration.FromMinutes(1);
            if (age < Duration.FromDays(7))
            {
                Interlocked.Increment(ref thisWeek);
            }

            var livestream = random.Next(2) == 0;
            docs.Add(new ViolationDocument
            {
                Id = $"{DocTypes.Violation}:v-{creatorId}-{v}",
                CreatorId = creatorId,
                EventId = $"evt-v-{creatorId}-{v}",
                OccurredAt = at,
                ReceivedAt = at,
                ViolationId = $"v-{creatorId}-{v}",
                PolicyCode = policy.Code,
                Surface = livestream ? "livestream" : "video",
                ContentId = $"{(livestream ? "live" : "video")}-{random.Next(1_000_000)}",
                IssuedAt = at,
                Points = policy.Points,
                Message = $"Flagged under {policy.Title}.",
            });
            latest = latest is { } l && l > at ? l : at;
        }

        // Notices: one in three creators, more often those with violations.
        var noticeCount = random.Next(count == 0 ? 4 : 3) == 0 ? 1 + random.Next(2) : 0;
        for (var n = 0; n < noticeCount; n++)
        {
            var at = cutoff - Duration.FromSeconds(random.Next(30 * 86_400)) - Duration.FromMinutes(1);
            docs.Add(new NoticeDocument
            {
                Id = $"{DocTypes.Notice}:n-{creatorId}-{n}",
                CreatorId = creatorId,
                EventId = $"evt-n-{creatorId}-{n}",
                OccurredAt = at,
                ReceivedAt = at,
                NoticeId = $"n-{creatorId}-{n}",
                Surface = random.Next(2) == 0 ? "livestream" : "video",
                ContentId = $"video-{random.Next(1_000_000)}",
                SentAt = at,
                Title = "About your recent livestream",
                Body = "We noticed something in your recent content that may not meet our guidelines. Please review the policy linked below.",
            });
            latest = latest is { } l && l > at ? l : at;
        }

        await Task.WhenAll(docs.Select(d => CosmosGuard.RunAsync(
            () => containers.Creators.UpsertItemAsync(d, key, NoContent, cancellationToken), cancellationToken)));
        Interlocked.Add(ref documents, docs.Count);
        Interlocked.Add(ref violations, count);
        Interlocked.Add(ref notices, noticeCount);
        if (latest is { } last)
        {
            await index.RecordAsync(creatorId, last, cancellationToken);
            Interlocked.Increment(ref indexed);
            Interlocked.Increment(ref documents);
        }
    }

    private static int Pick(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var k = 0; k < weights.Length; k++)
        {
            roll -= weights[k];
            if (roll < 0)
            {
                return k;
            }
        }

        return weights.Length - 1;
    }
}
