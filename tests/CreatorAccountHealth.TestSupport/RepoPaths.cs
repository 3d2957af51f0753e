using System.Reflection;
using System.Runtime.Versioning;

namespace CreatorAccountHealth.TestSupport;

/// <summary>Where things are in the repository, from a test's point of view.</summary>
public static class RepoPaths
{
    public const string SolutionFileName = "Functions.sln";

    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The repository root: the nearest directory above the test's output holding Functions.sln.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>
    /// The build configuration ("Debug", "Release") the tests were built in. Read from this assembly, not the entry
    /// assembly: under <c>dotnet test</c> that is testhost, while this library is always built with the test project.
    /// </summary>
    public static string Configuration { get; } =
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("The test support assembly has no AssemblyConfigurationAttribute.");

    /// <summary>The target framework moniker the tests run on, e.g. "net10.0".</summary>
    public static string TargetFramework { get; } = TargetFrameworkOf(typeof(RepoPaths).Assembly);

    /// <summary>A path under the repository root, e.g. <c>RepoPaths.Combine("functions", "devservers")</c>.</summary>
    public static string Combine(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>A project's directory, for a project under functions/ or tests/.</summary>
    public static string ProjectDirectory(string projectName)
    {
        foreach (var folder in new[] { "functions", "tests" })
        {
            var directory = Combine(folder, projectName);
            if (File.Exists(Path.Combine(directory, projectName + ".csproj")))
            {
                return directory;
            }
        }

        throw new DirectoryNotFoundException($"No project '{projectName}' under {Combine("functions")} or {Combine("tests")}.");
    }

    /// <summary>A project's build output in the tests' configuration, e.g. functions/X/bin/Release/net10.0.</summary>
    public static string BuildOutput(string projectName) =>
        Path.Combine(ProjectDirectory(projectName), "bin", Configuration, TargetFramework);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} holds {SolutionFileName}: are the tests running from the repository?");
    }

    private static string TargetFrameworkOf(Assembly assembly)
    {
        var name = assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no TargetFrameworkAttribute.");
        var version = new FrameworkName(name).Version;
        return $"net{version.Major}.{version.Minor}";
    }
}
