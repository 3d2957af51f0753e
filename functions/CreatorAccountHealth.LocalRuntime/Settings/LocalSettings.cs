using System.Globalization;
using System.Text.Json;

namespace CreatorAccountHealth.LocalRuntime.Settings;

/// <summary>How the settings file came to be read.</summary>
internal enum SettingsOrigin
{
    Existing,
    CreatedFromSample,
    Missing,
}

/// <summary>
/// local.settings.json as Core Tools reads it: <c>Values</c> are app settings, <c>ConnectionStrings</c> connection
/// strings, <c>Host</c> the local HTTP port and CORS origins. Environment variables win over the file.
/// </summary>
internal sealed class LocalSettings
{
    public const string FileName = "local.settings.json";
    public const string SampleFileName = "local.settings.sample.json";

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private LocalSettings(string filePath, SettingsOrigin origin)
    {
        FilePath = filePath;
        Origin = origin;
    }

    public string FilePath { get; }

    public SettingsOrigin Origin { get; }

    public IReadOnlyDictionary<string, string?> Values { get; private init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string?> ConnectionStrings { get; private init; } = new Dictionary<string, string?>();

    public int? LocalHttpPort { get; private init; }

    /// <summary><c>Host.CORS</c>: "*" or a comma-separated list of origins; null when not set.</summary>
    public string? Cors { get; private init; }

    /// <summary>The repository root's local.settings.json, else the current directory's.</summary>
    public static string DefaultPath() => Path.Combine(RepositoryRoot.Find() ?? Directory.GetCurrentDirectory(), FileName);

    /// <summary>Reads the file; a missing one is first created from local.settings.sample.json beside it, when there is one.</summary>
    public static LocalSettings Load(string path)
    {
        path = Path.GetFullPath(path);
        var origin = SettingsOrigin.Existing;
        if (!File.Exists(path))
        {
            var sample = Path.Combine(Path.GetDirectoryName(path)!, SampleFileName);
            if (!File.Exists(sample))
            {
                return new LocalSettings(path, SettingsOrigin.Missing);
            }

            File.Copy(sample, path);
            origin = SettingsOrigin.CreatedFromSample;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), JsonOptions);
            return Parse(path, origin, document.RootElement);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new LocalRuntimeConfigurationException($"{path} is not a valid {FileName}: {e.Message}", e);
        }
    }

    /// <summary>Configuration keys: <c>__</c> in a value's name nests as <c>:</c>, as for environment variables.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration() =>
        Values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value))
            .Concat(ConnectionStrings.Select(c => KeyValuePair.Create($"ConnectionStrings:{c.Key}", c.Value)));

    /// <summary>Sets each value as an environment variable unless the environment already has it (Core Tools does the same).</summary>
    public void ExportToEnvironment()
    {
        foreach (var (name, value) in Values)
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }

    private static LocalSettings Parse(string path, SettingsOrigin origin, JsonElement root)
    {
        if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            throw new LocalRuntimeConfigurationException(
                $"{path} has \"IsEncrypted\": true; the local runtime cannot decrypt it. Store the values in plain text and set it to false.");
        }

        var host = root.TryGetProperty("Host", out var hostElement) ? hostElement : default;
        return new LocalSettings(path, origin)
        {
            Values = ReadStrings(root, "Values"),
            ConnectionStrings = ReadStrings(root, "ConnectionStrings"),
            LocalHttpPort = host.ValueKind == JsonValueKind.Object && host.TryGetProperty("LocalHttpPort", out var port)
                ? int.Parse(Text(port)!, CultureInfo.InvariantCulture)
                : null,
            Cors = host.ValueKind == JsonValueKind.Object && host.TryGetProperty("CORS", out var cors) ? cors.GetString() : null,
        };
    }

    private static Dictionary<string, string?> ReadStrings(JsonElement root, string section) =>
        root.TryGetProperty(section, out var element) && element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().ToDictionary(p => p.Name, p => Text(p.Value))
            : [];

    // Values are meant to be strings, but a number or boolean written without quotes still means its text.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };
}
