namespace CreatorAccountHealth.LocalRuntime.Settings;

/// <summary>The repository root: where local.settings.json and host.json live, wherever the runtime is started from.</summary>
internal static class RepositoryRoot
{
    public const string Marker = "Functions.sln";

    /// <summary>The nearest directory holding Functions.sln above the current directory, else above the app's directory.</summary>
    public static string? Find() => FindFrom(Directory.GetCurrentDirectory()) ?? FindFrom(AppContext.BaseDirectory);

    public static string? FindFrom(string directory)
    {
        for (var current = new DirectoryInfo(directory); current is not null; current = current.Parent)
        {
            if (File.Exists(Path.Combine(current.FullName, Marker)))
            {
                return current.FullName;
            }
        }

        return null;
    }
}
