namespace CreatorAccountHealth.TestSupport;

/// <summary>The signed-link settings (<c>App__PublicBaseUrl</c>, <c>AccountLinks__*</c>, <c>Appeals__UrlTemplate</c>) the test apps run with.</summary>
public static class LinkTestSettings
{
    public const string PublicBaseUrl = "https://account-health.test";

    public const string Secret = "test-only-account-link-secret-0123456789abcdef";

    public const string AppealUrlTemplate = "https://platform.test/appeals/{violationId}";

    /// <param name="separator">":" (configuration) or "__" (app settings).</param>
    /// <param name="publicBaseUrl">Where the app under test is reached (default <see cref="PublicBaseUrl"/>).</param>
    public static Dictionary<string, string?> Settings(string separator, string? publicBaseUrl = null) => new()
    {
        [$"App{separator}PublicBaseUrl"] = publicBaseUrl ?? PublicBaseUrl,
        [$"AccountLinks{separator}SigningKeys"] = Secret,
        [$"AccountLinks{separator}LifetimeDays"] = "14",
        [$"Appeals{separator}UrlTemplate"] = AppealUrlTemplate,
    };
}
