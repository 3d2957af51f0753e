using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;

namespace CreatorAccountHealth.Functions.Tests.Reports;

/// <summary>A creator's shard is part of stored partition keys: it must never change between builds or processes.</summary>
public class CreatorShardsTests
{
    [Theory]
    [InlineData("creator-1", 16, 13)]
    [InlineData("creator-1", 32, 13)]
    [InlineData("creator-42", 16, 4)]
    [InlineData("creator-42", 32, 20)]
    [InlineData("", 32, 5)]
    public void A_creators_shard_is_the_FNV_1a_hash_of_the_id(string creatorId, int shards, int expected)
    {
        Assert.Equal(expected, CreatorShards.Of(creatorId, shards));
    }

    [Fact]
    public void The_alert_outbox_and_the_activity_index_shard_with_the_same_hash()
    {
        Assert.Equal("4", AlertStore.ShardOf("creator-42"));
        Assert.Equal(20, ReportActivityIndex.ShardOf("creator-42"));
    }
}
