using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Functions.Tests;

internal static class TestCatalog
{
    /// <summary>A two-policy catalog for tests that don't care about the shipped one.</summary>
    public static PolicyCatalog Small { get; } = new(
    [
        Policy("spam", Severity.Minor, 2),
        Policy("dangerous-acts", Severity.Serious, 10),
    ]);

    private static PolicyDefinition Policy(string code, Severity severity, int points) => new(
        code, code, "Summary.", severity, points, code, new EducationLinks(new Uri($"https://academy.example/{code}"), null, null),
        Enumerable.Range(1, 6).Select(i => new QuizQuestion($"q{i}", "Q?", [new("a", "A"), new("b", "B"), new("c", "C")], "a", "Why.")).ToList());
}
