using System.Reflection;
using System.Text.Json;

namespace CreatorAccountHealth.LocalRuntime.Settings;

/// <summary>The part of host.json the local runtime honours: <c>extensions.http.routePrefix</c>.</summary>
internal static class HostJson
{
    public const string FileName = "host.json";
    public const string DefaultRoutePrefix = "api";

    /// <summary>The host.json deployed next to the functions (what Azure reads), else the repository root's.</summary>
    public static string? Locate(IEnumerable<Assembly> functionAssemblies)
    {
        var candidates = functionAssemblies
            .Select(a => Path.GetDirectoryName(a.Location))
            .Append(RepositoryRoot.Find())
            .OfType<string>()
            .Select(directory => Path.Combine(directory, FileName));
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>The route prefix without slashes: "api" when there is no file or no setting, "" for none at all.</summary>
    public static string ReadRoutePrefix(string? path)
    {
        if (path is null)
        {
            return DefaultRoutePrefix;
        }

        try
        {
            using var document = JsonDocument.Parse(
                File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var prefix = document.RootElement.TryGetProperty("extensions", out var extensions)
                && extensions.TryGetProperty("http", out var http)
                && http.TryGetProperty("routePrefix", out var routePrefix)
                    ? routePrefix.GetString()
                    : null;
            return prefix?.Trim('/') ?? DefaultRoutePrefix;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new LocalRuntimeConfigurationException($"{path} is not a valid host.json: {e.Message}", e);
        }
    }
}
