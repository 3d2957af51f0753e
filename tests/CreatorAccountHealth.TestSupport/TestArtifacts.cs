namespace CreatorAccountHealth.TestSupport;

/// <summary>
/// Where tests keep what a person may want to look at after a run (screenshots, the HTML they were taken of):
/// <c>artifacts/</c> at the repository root, git-ignored, kept by <c>.ci/run</c>.
/// </summary>
public static class TestArtifacts
{
    public static string Root => RepoPaths.Combine("artifacts");

    /// <summary><c>artifacts/screenshots/{area}</c>, created if missing.</summary>
    public static string ScreenshotDirectory(string area) =>
        Directory.CreateDirectory(Path.Combine(Root, "screenshots", area)).FullName;
}
