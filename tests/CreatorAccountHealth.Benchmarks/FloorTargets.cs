using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>
/// The floor probe's storage half: exactly the Cosmos DB requests a violation without an alert needs (point read of
/// the creator's account, create of the event document, replace of the account with <c>If-Match</c>), raw, with no
/// app code around them: streams in and out, the event written as phase B writes it, the account's bytes sent back
/// unchanged. Each creator's account is a copy of a real one the app wrote (<see cref="SeedAsync"/>).
/// </summary>
internal sealed class RawViolationStorageTarget(Container container, ViolationSamples samples, byte[][] accounts) : ILoadTarget
{
    public const string CreatorPrefix = "floor-creator-";

    private readonly RawCosmosTarget create = new(container, samples);

    /// <summary>A copy of <paramref name="appAccount"/> (the app's stored account, as read) for every floor creator.</summary>
    public static async Task<RawViolationStorageTarget> SeedAsync(Container container, ViolationSamples samples, JsonObject appAccount, CancellationToken cancellationToken)
    {
        foreach (var system in new[] { "_rid", "_self", "_etag", "_attachments", "_ts" })
        {
            appAccount.Remove(system);
        }

        var accounts = Enumerable.Range(0, BenchmarkOptions.Creators).Select(i =>
        {
            var copy = (JsonObject)appAccount.DeepClone();
            copy["creatorId"] = CreatorId(i);
            return Encoding.UTF8.GetBytes(copy.ToJsonString());
        }).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, BenchmarkOptions.Creators), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var response = await container.UpsertItemStreamAsync(new MemoryStream(accounts[i]), new PartitionKey(CreatorId(i)), cancellationToken: ct);
            response.EnsureSuccessStatusCode();
        });
        return new RawViolationStorageTarget(container, samples.ForCreators(CreatorPrefix), accounts);
    }

    /// <summary>The size of the account document read and replaced.</summary>
    public int AccountBytes => accounts[0].Length;

    public async Task<string?> SendAsync(string batch, int sequence, CancellationToken cancellationToken)
    {
        var creatorId = samples.Get(batch, sequence).CreatorId;
        var partitionKey = new PartitionKey(creatorId);
        string etag;
        using (var read = await container.ReadItemStreamAsync(AccountDocument.DocumentId, partitionKey, cancellationToken: cancellationToken))
        {
            if (read.StatusCode != HttpStatusCode.OK)
            {
                return $"read {(int)read.StatusCode}";
            }

            await read.Content.CopyToAsync(Stream.Null, cancellationToken); // the app reads the whole document too
            etag = read.Headers.ETag;
        }

        if (await create.SendAsync(batch, sequence, cancellationToken) is { } failed)
        {
            return failed;
        }

        // The account's bytes as seeded, sent back unchanged: the same size as the app's replace.
        using var replace = await container.ReplaceItemStreamAsync(
            new MemoryStream(accounts[sequence % BenchmarkOptions.Creators], writable: false),
            AccountDocument.DocumentId,
            partitionKey,
            new ItemRequestOptions { IfMatchEtag = etag, EnableContentResponseOnWrite = false },
            cancellationToken);
        return replace.StatusCode == HttpStatusCode.OK ? null : $"replace {(int)replace.StatusCode}";
    }

    private static string CreatorId(int i) => $"{CreatorPrefix}{i:D4}";
}

/// <summary>
/// The cheapest conceivable webhook on this machine: the signed request through the same runtime up to the HMAC check
/// (answered 401, <see cref="WebhookTarget.BadSignature"/>), then the three raw Cosmos DB requests a violation without
/// an alert needs (<see cref="RawViolationStorageTarget"/>), one after the other, as one operation.
/// </summary>
internal sealed class FloorTarget(ILoadTarget http, ILoadTarget storage) : ILoadTarget
{
    public async Task<string?> SendAsync(string batch, int sequence, CancellationToken cancellationToken) =>
        await http.SendAsync(batch, sequence, cancellationToken) ?? await storage.SendAsync(batch, sequence, cancellationToken);
}
