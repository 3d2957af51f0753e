namespace CreatorAccountHealth.LocalRuntime.Tests.Support;

internal static class TestTimeout
{
    /// <summary>How long a test waits for something that should happen at once: generous, so a slow machine never fails a test.</summary>
    public static readonly TimeSpan Value = TimeSpan.FromSeconds(30);
}
