using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Identity;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>The database's containers: names and partition keys are a contract with infra/ (checked by a test).</summary>
public static class ContainerNames
{
    /// <summary>Everything a creator owns, one logical partition per creator: violations, overturns, notices, profile updates.</summary>
    public const string Creators = "creators";

    public const string CreatorsPartitionKeyPath = "/creatorId";

    /// <summary>Alerts recorded but not yet on the queue, spread over a few fixed shards so the republish timer reads them with single-partition queries.</summary>
    public const string AlertOutbox = "alert-outbox";

    public const string AlertOutboxPartitionKeyPath = "/shard";

    /// <summary>One document per creator with activity (violations, overturns, notices) and when it last happened, spread over fixed shards: where a weekly report run finds its creators.</summary>
    public const string ReportActivity = "report-activity";

    public const string ReportActivityPartitionKeyPath = "/shard";

    /// <summary>Weekly reports, one logical partition per creator, each document expiring after the retention period.</summary>
    public const string Reports = "reports";

    public const string ReportsPartitionKeyPath = "/creatorId";

    /// <summary>In-person workshops, one document (and logical partition) per workshop holding everything that must not overbook.</summary>
    public const string Trainings = "trainings";

    public const string TrainingsPartitionKeyPath = "/trainingId";

    /// <summary>One tombstone per erased creator (keyed by a hash of the id, nothing personal): events for them are ignored.</summary>
    public const string Erasures = "erasures";

    public const string ErasuresPartitionKeyPath = "/id";
}

/// <summary>Owns the app's single <see cref="CosmosClient"/> and hands out its containers.</summary>
public sealed class CosmosContainers : IDisposable
{
    private readonly CosmosClient client;

    public CosmosContainers(IOptions<CosmosOptions> options)
        : this(options, [])
    {
    }

    /// <param name="handlers">Extra steps in the client's request pipeline, from DI (none in the app; tests inject faults).</param>
    public CosmosContainers(IOptions<CosmosOptions> options, IEnumerable<RequestHandler> handlers)
    {
        Options = options.Value;
        client = CreateClient(Options, handlers);
        Database = client.GetDatabase(Options.DatabaseName);
        Creators = Database.GetContainer(ContainerNames.Creators);
        AlertOutbox = Database.GetContainer(ContainerNames.AlertOutbox);
        ReportActivity = Database.GetContainer(ContainerNames.ReportActivity);
        Reports = Database.GetContainer(ContainerNames.Reports);
        Trainings = Database.GetContainer(ContainerNames.Trainings);
        Erasures = Database.GetContainer(ContainerNames.Erasures);
    }

    public CosmosOptions Options { get; }

    public Database Database { get; }

    public Container Creators { get; }

    public Container AlertOutbox { get; }

    public Container ReportActivity { get; }

    public Container Reports { get; }

    public Container Trainings { get; }

    public Container Erasures { get; }

    /// <summary>The System.Text.Json options documents are stored with.</summary>
    public static JsonSerializerOptions DocumentJson { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
        Converters = { new CosmosInstantConverter() },
    };

    /// <summary>The container definitions the code relies on (also what <see cref="EnsureCreatedAsync"/> creates).</summary>
    public static IReadOnlyList<ContainerProperties> Definitions { get; } =
    [
        new(ContainerNames.Creators, ContainerNames.CreatorsPartitionKeyPath)
        {
            // TTL on, no default: documents live until they set their own "ttl".
            DefaultTimeToLive = -1,
            IndexingPolicy = new IndexingPolicy
            {
                // Queries filter on creatorId, docType and dates; free text is never filtered on, so not indexed (cheaper writes).
                IncludedPaths = { new IncludedPath { Path = "/*" } },
                ExcludedPaths =
                {
                    new ExcludedPath { Path = "/message/?" },
                    new ExcludedPath { Path = "/title/?" },
                    new ExcludedPath { Path = "/body/?" },
                    new ExcludedPath { Path = "/\"_etag\"/?" },
                    new ExcludedPath { Path = "/message/*" },

                    // The account document's (and quiz ledger's) entries: read by id, never filtered on; indexing them
                    // would make every account replace cost RU in proportion to its size.
                    new ExcludedPath { Path = "/profile/*" },
                    new ExcludedPath { Path = "/violations/*" },
                    new ExcludedPath { Path = "/overturns/*" },
                    new ExcludedPath { Path = "/notices/*" },
                    new ExcludedPath { Path = "/attended/*" },
                    new ExcludedPath { Path = "/quizAttempts/*" },
                    new ExcludedPath { Path = "/removals/*" },
                    new ExcludedPath { Path = "/alerts/*" },
                },
            },
        },
        new(ContainerNames.AlertOutbox, ContainerNames.AlertOutboxPartitionKeyPath)
        {
            // No TTL: an entry leaves only once its message is on the queue, however long that takes.
            IndexingPolicy = new IndexingPolicy
            {
                IncludedPaths = { new IncludedPath { Path = "/shard/?" }, new IncludedPath { Path = "/queuedAt/?" } },
                ExcludedPaths = { new ExcludedPath { Path = "/*" } },
            },
        },
        new(ContainerNames.ReportActivity, ContainerNames.ReportActivityPartitionKeyPath)
        {
            // No TTL: an entry is overwritten on each activity and the run's query skips stale ones. Only what the run
            // filters on is indexed, so each webhook's upsert stays as cheap as a write can be.
            IndexingPolicy = new IndexingPolicy
            {
                IncludedPaths = { new IncludedPath { Path = "/shard/?" }, new IncludedPath { Path = "/lastActivityAt/?" } },
                ExcludedPaths = { new ExcludedPath { Path = "/*" } },
            },
        },
        new(ContainerNames.Reports, ContainerNames.ReportsPartitionKeyPath)
        {
            // TTL on, no default: each report sets its own "ttl" from Reports__RetentionDays when it is written.
            DefaultTimeToLive = -1,
            IndexingPolicy = new IndexingPolicy
            {
                // Reports are read by id, or listed per creator: the report body itself is never filtered on.
                IncludedPaths = { new IncludedPath { Path = "/creatorId/?" }, new IncludedPath { Path = "/docType/?" } },
                ExcludedPaths = { new ExcludedPath { Path = "/*" } },
            },
        },
        new(ContainerNames.Trainings, ContainerNames.TrainingsPartitionKeyPath)
        {
            // No TTL: a workshop (even cancelled) is a record. It is only ever read by id, so nothing inside it is indexed.
            IndexingPolicy = new IndexingPolicy
            {
                IncludedPaths = { new IncludedPath { Path = "/trainingId/?" } },
                ExcludedPaths = { new ExcludedPath { Path = "/*" } },
            },
        },
        new(ContainerNames.Erasures, ContainerNames.ErasuresPartitionKeyPath)
        {
            // No TTL: a creator stays erased. Only ever point-read, so nothing is indexed.
            IndexingPolicy = new IndexingPolicy
            {
                ExcludedPaths = { new ExcludedPath { Path = "/*" } },
            },
        },
    ];

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var database = (await client.CreateDatabaseIfNotExistsAsync(Options.DatabaseName, cancellationToken: cancellationToken)).Database;
        foreach (var definition in Definitions)
        {
            await database.CreateContainerIfNotExistsAsync(definition, cancellationToken: cancellationToken);
        }
    }

    public void Dispose() => client.Dispose();

    private static CosmosClient CreateClient(CosmosOptions options, IEnumerable<RequestHandler> handlers)
    {
        var clientOptions = new CosmosClientOptions
        {
            UseSystemTextJsonSerializerWithOptions = DocumentJson,
            RequestTimeout = options.RequestTimeout,
            ApplicationName = "creator-account-health",
        };
        foreach (var handler in handlers)
        {
            clientOptions.CustomHandlers.Add(handler);
        }

        var connectionString = options.ConnectionString;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var endpoint = EndpointOf(connectionString);
            if (endpoint is not null && IsLoopback(endpoint))
            {
                // The local emulator or protocol server: self-signed certificate, one endpoint, gateway only.
                clientOptions.ConnectionMode = ConnectionMode.Gateway;
                clientOptions.LimitToEndpoint = true;
                clientOptions.HttpClientFactory = () => new HttpClient(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
                });
            }

            return new CosmosClient(connectionString, clientOptions);
        }

        if (!string.IsNullOrWhiteSpace(options.AccountEndpoint))
        {
            var credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId });
            return new CosmosClient(options.AccountEndpoint, credential, clientOptions);
        }

        throw new OptionsValidationException(
            CosmosOptions.ConnectionName,
            typeof(CosmosOptions),
            [$"Set '{CosmosOptions.ConnectionName}' to a Cosmos DB connection string, or '{CosmosOptions.ConnectionName}__accountEndpoint' to use a managed identity."]);
    }

    private static Uri? EndpointOf(string connectionString)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Equals("AccountEndpoint", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(part[(eq + 1)..], UriKind.Absolute, out var uri))
            {
                return uri;
            }
        }

        return null;
    }

    private static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host, out var ip) && IPAddress.IsLoopback(ip));
}
