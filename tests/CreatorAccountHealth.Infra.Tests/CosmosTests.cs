using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.Infra.Tests.Arm;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>In Azure the app never creates containers (CosmosDb__CreateIfMissing is local only): infra/ must declare each one exactly as CosmosContainers.Definitions does.</summary>
[Collection(InfraCollection.Name)]
public class CosmosTests(InfraTemplate infra)
{
    private const string ContainerType = "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers";

    public static TheoryData<string> ContainerNamesInCode => new(TheCode.Containers.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(ContainerNamesInCode))]
    public void Each_container_the_code_defines_is_declared_the_same_way(string name)
    {
        var code = TheCode.Containers.Single(c => c.Id == name);
        var declared = Declared().Where(c => Text(c, "id") == name).ToList();
        Assert.True(declared.Count == 1, $"infra/ declares {declared.Count} container(s) '{name}' (CosmosContainers.Definitions has it); declared: {string.Join(", ", Declared().Select(c => Text(c, "id")))}");
        var resource = declared[0];

        var partitionKey = Object(resource, "partitionKey");
        Assert.Equal(code.PartitionKeyPaths, Strings(partitionKey, "paths"));
        Assert.Equal("Hash", Text(partitionKey, "kind"));
        // Version 2 (large partition key values) is what the SDK creates locally, so both sides hash keys alike.
        Assert.Equal(2L, partitionKey.GetValueOrDefault("version"));

        Assert.True(
            code.DefaultTimeToLive == (resource.GetValueOrDefault("defaultTtl") is long ttl ? (int?)ttl : null),
            $"'{name}': default TTL {code.DefaultTimeToLive?.ToString() ?? "off"} in the code, {resource.GetValueOrDefault("defaultTtl") ?? "off"} in infra/");

        var indexing = Object(resource, "indexingPolicy");
        Assert.Equal(code.IndexingPolicy.IndexingMode.ToString(), Text(indexing, "indexingMode"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(code.IndexingPolicy.Automatic, indexing.GetValueOrDefault("automatic") as bool? ?? true);
        Assert.Equal(code.IndexingPolicy.IncludedPaths.Select(p => p.Path).Order(), Paths(indexing, "includedPaths").Order());
        Assert.Equal(code.IndexingPolicy.ExcludedPaths.Select(p => p.Path).Order(), Paths(indexing, "excludedPaths").Order());
        Assert.Equal(
            code.IndexingPolicy.CompositeIndexes.Select(c => string.Join(",", c.Select(p => $"{p.Path} {p.Order}".ToLowerInvariant()))).Order(),
            List(indexing, "compositeIndexes").Select(c => string.Join(",", ((List<object?>)c!).Cast<Dictionary<string, object?>>()
                .Select(p => $"{Text(p, "path")} {(p.GetValueOrDefault("order") as string ?? "ascending")}".ToLowerInvariant()))).Order());
        Assert.Equal(
            (code.UniqueKeyPolicy?.UniqueKeys ?? []).Select(k => string.Join(",", k.Paths.Order())).Order(),
            List(resource.GetValueOrDefault("uniqueKeyPolicy") as Dictionary<string, object?> ?? ArmValues.NewObject(), "uniqueKeys")
                .Select(k => string.Join(",", Strings((Dictionary<string, object?>)k!, "paths").Order())).Order());
    }

    [Fact]
    public void Infra_declares_no_container_the_code_does_not_use()
    {
        var unused = Declared().Select(c => Text(c, "id")).Except(TheCode.Containers.Select(c => c.Id));

        Assert.Empty(unused);
    }

    [Fact]
    public void The_database_is_the_one_the_app_is_configured_to_use()
    {
        var database = Assert.Single(infra.Resources("Microsoft.DocumentDB/databaseAccounts/sqlDatabases"));

        Assert.Equal(infra.AppSettings[$"{CosmosOptions.SectionName}__{nameof(CosmosOptions.DatabaseName)}"], Text(Object(database.Properties, "resource"), "id"));
        Assert.All(infra.Resources(ContainerType), c => Assert.StartsWith(database.Name + "/", c.Name));
    }

    [Fact]
    public void The_account_takes_Entra_ID_only_and_the_app_identity_is_its_data_contributor()
    {
        var account = Assert.Single(infra.Resources("Microsoft.DocumentDB/databaseAccounts"));
        Assert.Equal(true, account.Properties["disableLocalAuth"]);

        var assignment = Assert.Single(infra.Resources("Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments"));
        var roleDefinition = Assert.IsType<ResourceIdValue>(assignment.Properties["roleDefinitionId"]);
        Assert.Equal("Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions", roleDefinition.Type);
        Assert.Equal("00000000-0000-0000-0000-000000000002", roleDefinition.Names[^1]); // Cosmos DB Built-in Data Contributor
        var scope = Assert.IsType<ResourceIdValue>(assignment.Properties["scope"]);
        Assert.Equal("Microsoft.DocumentDB/databaseAccounts", scope.Type); // the whole account: every container
        InfraTemplate.AssertAppIdentity(assignment.Properties["principalId"], "principalId");
    }

    private IEnumerable<Dictionary<string, object?>> Declared() =>
        infra.Resources(ContainerType).Select(c => Object(c.Properties, "resource"));

    private static Dictionary<string, object?> Object(Dictionary<string, object?> parent, string name) =>
        parent.GetValueOrDefault(name) as Dictionary<string, object?> ?? throw new Xunit.Sdk.XunitException($"No object '{name}' in {ArmValues.Render(parent)}");

    private static string? Text(Dictionary<string, object?> parent, string name) => parent.GetValueOrDefault(name) as string;

    private static List<object?> List(Dictionary<string, object?> parent, string name) => parent.GetValueOrDefault(name) as List<object?> ?? [];

    private static IEnumerable<string> Strings(Dictionary<string, object?> parent, string name) => List(parent, name).Cast<string>();

    private static IEnumerable<string> Paths(Dictionary<string, object?> parent, string name) =>
        List(parent, name).Cast<Dictionary<string, object?>>().Select(p => Text(p, "path")!);
}
