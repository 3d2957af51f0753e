using CreatorAccountHealth.Infra.Tests.Arm;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>The app's identity gets the data roles it needs and nothing broader.</summary>
[Collection(InfraCollection.Name)]
public class RoleTests(InfraTemplate infra)
{
    /// <summary>Built-in role ids (the same in every tenant) and what each one is for.</summary>
    private static readonly Dictionary<string, string> Needed = new()
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner: host storage (leases, keys) and the deployment package",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor: the host's diagnostic events",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher: Entra ID telemetry ingestion",
        ["69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"] = "Azure Service Bus Data Sender",
        ["4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"] = "Azure Service Bus Data Receiver",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    [Fact]
    public void The_identity_holds_exactly_the_data_roles_the_app_needs()
    {
        var assignments = infra.Resources("Microsoft.Authorization/roleAssignments").ToList();

        var roles = assignments.Select(a => Assert.IsType<Unknown>(a.Properties["roleDefinitionId"]).Text).ToList();
        Assert.All(roles, role => Assert.StartsWith("subscriptionResourceId(Microsoft.Authorization/roleDefinitions, ", role));
        Assert.Equal(Needed.Keys.Order(), roles.Select(r => r.Split(", ")[^1].TrimEnd(')')).Order());
        Assert.All(assignments, a =>
        {
            Assert.Equal("ServicePrincipal", a.Properties["principalType"]);
            InfraTemplate.AssertAppIdentity(a.Properties["principalId"], "principalId");
        });
    }
}
