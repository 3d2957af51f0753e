using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Integration;

/// <summary>One Cosmos DB protocol server for every integration test class of this assembly.</summary>
[CollectionDefinition(CosmosServer.CollectionName)]
public sealed class CosmosCollection : ICollectionFixture<CosmosServer>;
