using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.LocalRuntime.Tests.Support;

namespace CreatorAccountHealth.LocalRuntime.Tests.Messaging;

/// <summary>The Service Bus connection read from app settings as Functions bindings read theirs.</summary>
public class ServiceBusConnectionOptionsTests
{
    private const string ConnectionString = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=c2VjcmV0";

    [Fact]
    public void A_connection_string_is_the_settings_value()
    {
        var options = ServiceBusConnectionOptions.Read(Configuration.With("ServiceBusConnection", ConnectionString));

        Assert.True(options.IsConfigured);
        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.Equal("contoso.servicebus.windows.net", options.Namespace);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void A_namespace_with_a_client_id_is_a_managed_identity_connection()
    {
        var options = ServiceBusConnectionOptions.Read(Configuration.With(
            "ServiceBusConnection__fullyQualifiedNamespace", "contoso.servicebus.windows.net",
            "ServiceBusConnection__clientId", "5f1c5e7e-0000-4000-8000-000000000001"));

        Assert.True(options.IsConfigured);
        Assert.Null(options.ConnectionString);
        Assert.Equal("contoso.servicebus.windows.net", options.Namespace);
        Assert.Equal("5f1c5e7e-0000-4000-8000-000000000001", options.ManagedIdentityClientId);
        Assert.Empty(options.Problems());
    }

    [Fact]
    public void The_connection_is_read_under_the_name_the_trigger_gives()
    {
        var options = ServiceBusConnectionOptions.Read(Configuration.With("Billing__fullyQualifiedNamespace", "billing.servicebus.windows.net"), "Billing");

        Assert.Equal("billing.servicebus.windows.net", options.FullyQualifiedNamespace);
    }

    [Fact]
    public void Without_either_setting_there_is_no_connection()
    {
        Assert.False(ServiceBusConnectionOptions.Read(Configuration.With("CosmosDbConnection", "AccountEndpoint=https://localhost:8081/")).IsConfigured);
    }

    [Theory]
    [InlineData("ServiceBusConnection", "not a connection string", "'ServiceBusConnection' is not a Service Bus connection string")]
    [InlineData("ServiceBusConnection__fullyQualifiedNamespace", "https://contoso.servicebus.windows.net/", "must be a host name")]
    public void A_malformed_connection_is_named_in_its_problem(string setting, string value, string problem)
    {
        var options = ServiceBusConnectionOptions.Read(Configuration.With(setting, value));

        Assert.Contains(problem, Assert.Single(options.Problems()), StringComparison.Ordinal);
    }
}
