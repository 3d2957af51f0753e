using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Azure.Cosmos;
using Xunit;

namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// A Cosmos DB endpoint for integration tests, as an xunit fixture (class or collection). In order of preference:
/// <list type="number">
/// <item>the connection string in <c>COSMOS_TEST_CONNECTION</c>;</item>
/// <item>whatever answers on https://localhost:8081 ($COSMOS_PORT): a developer's <c>npm start</c>/<c>npm run cosmos</c>, or the emulator;</item>
/// <item>a private, in-memory functions/devservers/cosmos.mjs on a free port, stopped on dispose.</item>
/// </list>
/// The endpoint may be shared, so every test should work in its own database: <see cref="NewDatabaseName"/>.
/// <para>
/// To share one server across test classes, mark them <c>[Collection(CosmosServer.CollectionName)]</c> and declare
/// the collection once in the TEST assembly (xunit v2 only looks for collection definitions there):
/// <code>
/// [CollectionDefinition(CosmosServer.CollectionName)]
/// public sealed class CosmosCollection : ICollectionFixture&lt;CosmosServer&gt;;
/// </code>
/// </para>
/// </summary>
public sealed partial class CosmosServer : IAsyncLifetime
{
    /// <summary>The emulator's well-known key; the local server accepts any key.</summary>
    public const string EmulatorKey = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    public const string CollectionName = "cosmos";

    public const string ConnectionVariable = "COSMOS_TEST_CONNECTION";

    /// <summary>Where a developer's server listens: $COSMOS_PORT as for functions/devservers/*.mjs, else 8081.</summary>
    public static int DefaultPort { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("COSMOS_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : 8081;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NpmInstallTimeout = TimeSpan.FromMinutes(5);

    private readonly StringBuilder output = new();
    private Process? server;

    /// <summary>AccountEndpoint=...;AccountKey=...; for the server in use.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>Which server is in use and why, for failure messages.</summary>
    public string Description { get; private set; } = "not started";

    public static string ConnectionStringFor(int port) => $"AccountEndpoint=https://localhost:{port}/;AccountKey={EmulatorKey};";

    /// <summary>A connection string for a port that was free a moment ago: nothing listens there (storage down).</summary>
    public static string UnreachableConnectionString()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return ConnectionStringFor(port);
    }

    /// <summary>A database name no other test (or test run against the same server) uses.</summary>
    public string NewDatabaseName() => $"test-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            ConnectionString = configured;
            Description = $"{ConnectionVariable} from the environment";
            return;
        }

        if (await AnswersAsync(DefaultPort))
        {
            ConnectionString = ConnectionStringFor(DefaultPort);
            Description = $"the server already running on https://localhost:{DefaultPort}";
            return;
        }

        await EnsureNpmPackagesAsync();
        var port = await StartServerAsync();
        ConnectionString = ConnectionStringFor(port);
        Description = $"functions/devservers/cosmos.mjs started for these tests on https://localhost:{port}";
    }

    public async Task DisposeAsync()
    {
        if (server is null)
        {
            return;
        }

        try
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }

        server.Dispose();
        server = null;
    }

    /// <summary>
    /// A client set up the way the app sets one up for a loopback endpoint: gateway mode, this endpoint only, and
    /// the local server's self-signed certificate accepted.
    /// </summary>
    public CosmosClient CreateClient(CosmosClientOptions? options = null)
    {
        options ??= new CosmosClientOptions();
        options.ConnectionMode = ConnectionMode.Gateway;
        options.LimitToEndpoint = true;
        options.HttpClientFactory ??= () => new HttpClient(AcceptAnyCertificate());
        return new CosmosClient(ConnectionString, options);
    }

    private static HttpClientHandler AcceptAnyCertificate() =>
        new() { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };

    /// <summary>Any HTTP answer counts (the real emulator says 401 to an unsigned request).</summary>
    private static async Task<bool> AnswersAsync(int port)
    {
        using var client = new HttpClient(AcceptAnyCertificate()) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(new Uri($"https://localhost:{port}/"));
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary><c>npm test</c> installs the packages first; a bare <c>dotnet test</c> from a fresh clone may not have.</summary>
    private static async Task EnsureNpmPackagesAsync()
    {
        if (Directory.Exists(RepoPaths.Combine("node_modules", "@vercel", "cosmosdb-server")))
        {
            return;
        }

        // Test projects run in parallel processes: only one may install into the same node_modules at a time.
        using var installLock = await AcquireLockAsync(Path.Combine(Path.GetTempPath(), $"cah-npm-install-{StableHash(RepoPaths.Root)}.lock"));
        if (Directory.Exists(RepoPaths.Combine("node_modules", "@vercel", "cosmosdb-server")))
        {
            return;
        }

        var log = new StringBuilder();
        using var npm = StartProcess(NpmCommand(), ["install", "--no-audit", "--no-fund"], log, redirectInput: false);
        using var timeout = new CancellationTokenSource(NpmInstallTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'npm install' in {RepoPaths.Root} took over {NpmInstallTimeout.TotalMinutes} minutes. Output:\n{Snapshot(log)}");
        }

        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"'npm install' in {RepoPaths.Root} failed with exit code {npm.ExitCode}. Output:\n{Snapshot(log)}");
        }
    }

    private async Task<int> StartServerAsync()
    {
        var script = RepoPaths.Combine("functions", "devservers", "cosmos.mjs");
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Port 0: the server binds a free port and names it in its ready line (no pick-then-bind race).
        // --exit-on-stdin-close: if this test process dies without disposing us, the server goes too.
        server = StartProcess("node", [script, "--port", "0", "--exit-on-stdin-close"], output, redirectInput: true, onLine: line =>
        {
            var match = ReadyLine().Match(line);
            if (match.Success)
            {
                ready.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }
        });

        var exited = server.WaitForExitAsync(); // also waits for the last output lines
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(ReadyTimeout));
        if (first == ready.Task)
        {
            return await ready.Task;
        }

        var problem = first == exited
            ? $"exited with code {server.ExitCode} before it was ready"
            : $"was not ready within {ReadyTimeout.TotalSeconds} s";
        await DisposeAsync();
        throw new InvalidOperationException($"The local Cosmos DB server (node {script}) {problem}. Output:\n{Snapshot(output)}");
    }

    private static Process StartProcess(string fileName, IEnumerable<string> arguments, StringBuilder log, bool redirectInput, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in NpmArguments(fileName, arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(line);
            }

            onLine?.Invoke(line);
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not run '{fileName}' ({e.Message}): the Cosmos DB tests need Node.js 20+ on PATH, or {ConnectionVariable} set.", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // npm is a .cmd script on Windows, which Process cannot start without a shell.
    private static string NpmCommand() => OperatingSystem.IsWindows() ? "cmd.exe" : "npm";

    private static IEnumerable<string> NpmArguments(string fileName, IEnumerable<string> arguments) =>
        fileName == "cmd.exe" ? ["/c", "npm", .. arguments] : arguments;

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + NpmInstallTimeout;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive lock across processes (flock on Unix); released on dispose.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    private static string StableHash(string text) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    private static string Snapshot(StringBuilder log)
    {
        lock (log)
        {
            return log.Length == 0 ? "(none)" : log.ToString();
        }
    }

    [GeneratedRegex(@"^cosmosdb-server ready on https://localhost:(\d+)$")]
    private static partial Regex ReadyLine();
}
