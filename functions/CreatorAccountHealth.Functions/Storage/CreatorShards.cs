using System.Globalization;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// Spreads creators over a fixed number of shards, for containers partitioned by <c>/shard</c> (the alert outbox, the
/// report activity index): a reader walks the shards with single-partition queries instead of one cross-partition one.
/// </summary>
public static class CreatorShards
{
    /// <summary>
    /// The creator's shard, 0 to <paramref name="shardCount"/> - 1. FNV-1a over the id's UTF-16 code units: stable across
    /// processes and .NET versions (string.GetHashCode is randomized per process), so every writer and reader agrees.
    /// </summary>
    public static int Of(string creatorId, int shardCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var hash = 2166136261u;
        foreach (var c in creatorId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % (uint)shardCount);
    }

    /// <summary>The shard as the partition key value documents carry (a string, as <c>/shard</c> has always held).</summary>
    public static string Key(int shard) => shard.ToString(CultureInfo.InvariantCulture);
}
