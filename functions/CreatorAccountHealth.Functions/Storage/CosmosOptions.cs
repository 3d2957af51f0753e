namespace CreatorAccountHealth.Functions.Storage;

/// <summary>
/// Settings section <c>CosmosDb</c>. The connection itself follows the Functions convention for a connection named
/// <see cref="ConnectionName"/>: a connection string in <c>CosmosDbConnection</c> (local), or
/// <c>CosmosDbConnection__accountEndpoint</c> with a managed identity (Azure; <c>CosmosDbConnection__clientId</c>
/// picks a user-assigned identity).
/// </summary>
public sealed class CosmosOptions
{
    public const string SectionName = "CosmosDb";
    public const string ConnectionName = "CosmosDbConnection";

    public string DatabaseName { get; set; } = "creator-health";

    /// <summary>Create the database and containers when missing. For local runs only: in Azure, infra/ owns them.</summary>
    public bool CreateIfMissing { get; set; }

    /// <summary>How long one storage request may take before the caller is told storage is unavailable.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>From <c>CosmosDbConnection</c>: a connection string (local development, the emulator).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>From <c>CosmosDbConnection__accountEndpoint</c>: the account, reached with a managed identity.</summary>
    public string? AccountEndpoint { get; set; }

    /// <summary>From <c>CosmosDbConnection__clientId</c>: which user-assigned identity to use.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Reads the connection named <see cref="ConnectionName"/> the way Functions bindings do.</summary>
    public void BindConnection(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var connection = configuration.GetSection(ConnectionName);
        ConnectionString = connection.Value;
        AccountEndpoint = connection["accountEndpoint"];
        ManagedIdentityClientId = connection["clientId"];
    }
}
