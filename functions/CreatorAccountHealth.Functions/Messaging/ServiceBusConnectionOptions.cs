using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// A Service Bus connection named the way Functions bindings name theirs (<see cref="ConnectionName"/> by default, the
/// trigger's <c>Connection</c>): a connection string in <c>ServiceBusConnection</c> (local), or
/// <c>ServiceBusConnection__fullyQualifiedNamespace</c> with a managed identity (Azure;
/// <c>ServiceBusConnection__clientId</c> picks a user-assigned one). A connection string wins when both are set.
/// </summary>
public sealed class ServiceBusConnectionOptions
{
    public const string ConnectionName = "ServiceBusConnection";

    /// <summary>From <c>{name}</c>: a connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>From <c>{name}__fullyQualifiedNamespace</c>: e.g. <c>contoso.servicebus.windows.net</c>, reached with a managed identity.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    /// <summary>From <c>{name}__clientId</c>: which user-assigned identity to use.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);

    /// <summary>A host name for logs and messages, never the key.</summary>
    public string? Namespace => !string.IsNullOrWhiteSpace(ConnectionString) ? TryParse(ConnectionString)?.FullyQualifiedNamespace : FullyQualifiedNamespace;

    public static ServiceBusConnectionOptions Read(IConfiguration configuration, string connectionName = ConnectionName)
    {
        var options = new ServiceBusConnectionOptions();
        options.BindConnection(configuration, connectionName);
        return options;
    }

    /// <summary>Reads the connection named <paramref name="connectionName"/> the way Functions bindings do.</summary>
    public void BindConnection(IConfiguration configuration, string connectionName = ConnectionName)
    {
        var connection = configuration.GetSection(connectionName);
        ConnectionString = connection.Value;
        FullyQualifiedNamespace = connection["fullyQualifiedNamespace"];
        ManagedIdentityClientId = connection["clientId"];
    }

    /// <summary>What is wrong with a configured connection (nothing when it is not configured at all).</summary>
    public IEnumerable<string> Problems(string connectionName = ConnectionName)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            if (TryParse(ConnectionString) is null)
            {
                yield return $"'{connectionName}' is not a Service Bus connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...).";
            }
        }
        else if (!string.IsNullOrWhiteSpace(FullyQualifiedNamespace) && Uri.CheckHostName(FullyQualifiedNamespace) == UriHostNameType.Unknown)
        {
            yield return $"'{connectionName}__fullyQualifiedNamespace' must be a host name such as contoso.servicebus.windows.net, not '{FullyQualifiedNamespace}'.";
        }
    }

    /// <summary>
    /// A client for this connection. Callers keep one per connection for the app's lifetime: it owns the AMQP
    /// connection every sender and processor created from it shares.
    /// </summary>
    public ServiceBusClient CreateClient()
    {
        var options = new ServiceBusClientOptions
        {
            // Sends happen inside webhook requests: a broker that is down must fail fast (the alert stays in the
            // outbox for the republish timer), not hold the request through the SDK's default minute-long tries.
            RetryOptions = new ServiceBusRetryOptions
            {
                Mode = ServiceBusRetryMode.Exponential,
                MaxRetries = 2,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(5),
                TryTimeout = TimeSpan.FromSeconds(10),
            },
        };

        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return new ServiceBusClient(ConnectionString, options);
        }

        if (!string.IsNullOrWhiteSpace(FullyQualifiedNamespace))
        {
            var credential = string.IsNullOrWhiteSpace(ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = ManagedIdentityClientId });
            return new ServiceBusClient(FullyQualifiedNamespace, credential, options);
        }

        throw new InvalidOperationException("No Service Bus connection is configured.");
    }

    private static ServiceBusConnectionStringProperties? TryParse(string connectionString)
    {
        try
        {
            return ServiceBusConnectionStringProperties.Parse(connectionString);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
