using System.Text.Json;

namespace CreatorAccountHealth.LocalRuntime.Tests.Support;

/// <summary>A fresh directory for one test's settings files, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"local-runtime-tests-{Guid.NewGuid():N}")).FullName;
    }

    public string Path { get; }

    public string SettingsPath => File("local.settings.json");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a local.settings.json in the Core Tools format.</summary>
    public string WriteSettings(
        IReadOnlyDictionary<string, string>? values = null,
        object? host = null,
        IReadOnlyDictionary<string, string>? connectionStrings = null,
        string fileName = "local.settings.json")
    {
        var settings = new Dictionary<string, object>
        {
            ["IsEncrypted"] = false,
            ["Values"] = values ?? new Dictionary<string, string>(),
        };
        if (host is not null)
        {
            settings["Host"] = host;
        }

        if (connectionStrings is not null)
        {
            settings["ConnectionStrings"] = connectionStrings;
        }

        var path = File(fileName);
        System.IO.File.WriteAllText(path, JsonSerializer.Serialize(settings));
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
