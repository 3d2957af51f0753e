using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Functions.Policies;

/// <summary>Settings section <c>Policies</c>.</summary>
public sealed class PolicyCatalogOptions
{
    public const string SectionName = "Policies";

    /// <summary><c>Policies__CatalogPath</c>: the catalog JSON; relative paths are from the app's directory.</summary>
    public string CatalogPath { get; set; } = "policy-catalog.json";

    public string FullPath => Path.GetFullPath(CatalogPath, AppContext.BaseDirectory);

    /// <summary>Reads and validates the catalog; throws <see cref="PolicyCatalogException"/> listing every problem.</summary>
    public PolicyCatalog Load()
    {
        if (!File.Exists(FullPath))
        {
            throw new PolicyCatalogException([$"The catalog file '{FullPath}' does not exist (setting Policies__CatalogPath)."]);
        }

        return PolicyCatalogReader.Read(File.ReadAllText(FullPath));
    }
}
