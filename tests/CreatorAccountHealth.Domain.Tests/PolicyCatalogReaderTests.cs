using System.Text.Json.Nodes;
using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Domain.Tests;

public class PolicyCatalogReaderTests
{
    [Fact]
    public void A_valid_catalog_is_read_with_every_field()
    {
        var catalog = PolicyCatalogReader.Read(Catalog().ToJsonString());

        var policy = catalog.Get("spam");
        Assert.Equal("Spam", policy.Title);
        Assert.Equal(Severity.Minor, policy.Severity);
        Assert.Equal(2, policy.Points);
        Assert.Equal("engagement", policy.QuizType);
        Assert.Equal(new Uri("https://academy.example/spam"), policy.Education.Article);
        Assert.Null(policy.Education.Video);
        Assert.Equal(6, policy.QuizBank.Count);
        Assert.Equal("b", policy.QuizBank[0].CorrectOptionId);
        Assert.False(catalog.TryGet("SPAM", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(49)]
    public void Points_outside_one_to_forty_eight_are_refused(int points)
    {
        var json = Catalog();
        json["policies"]![0]!["points"] = points;

        var error = Assert.Throws<PolicyCatalogException>(() => PolicyCatalogReader.Read(json.ToJsonString()));
        Assert.Contains(error.Problems, p => p.Contains("points must be from 1 to 48"));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var json = Catalog();
        var policy = json["policies"]![0]!;
        policy["title"] = "";
        policy["education"]!["article"] = "http://insecure.example/spam";
        policy["quizBank"]!.AsArray().RemoveAt(0);
        policy["quizBank"]![0]!["answer"] = "z";
        policy["quizBank"]![1]!["options"]!.AsArray().RemoveAt(0);

        var error = Assert.Throws<PolicyCatalogException>(() => PolicyCatalogReader.Read(json.ToJsonString()));

        Assert.Equal(5, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.Contains("title is required"));
        Assert.Contains(error.Problems, p => p.Contains("absolute https URL"));
        Assert.Contains(error.Problems, p => p.Contains("at least 6 questions"));
        Assert.Contains(error.Problems, p => p.Contains("answer must be the id of one of its options"));
        Assert.Contains(error.Problems, p => p.Contains("three or four options"));
    }

    [Fact]
    public void Duplicate_codes_unknown_severities_and_unknown_fields_are_refused()
    {
        var duplicate = Catalog();
        duplicate["policies"]!.AsArray().Add(Policy("spam"));
        Assert.Contains(
            Assert.Throws<PolicyCatalogException>(() => PolicyCatalogReader.Read(duplicate.ToJsonString())).Problems,
            p => p.Contains("appears more than once"));

        var severity = Catalog();
        severity["policies"]![0]!["severity"] = "catastrophic";
        Assert.Throws<PolicyCatalogException>(() => PolicyCatalogReader.Read(severity.ToJsonString()));

        var unknownField = Catalog();
        unknownField["policies"]![0]!["pointz"] = 3;
        Assert.Throws<PolicyCatalogException>(() => PolicyCatalogReader.Read(unknownField.ToJsonString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"policies\": []}")]
    public void Empty_or_malformed_catalogs_are_refused(string json) =>
        Assert.Throws<PolicyCatalogException>(() => PolicyCatalogReader.Read(json));

    private static JsonObject Catalog() => new() { ["policies"] = new JsonArray(Policy("spam")) };

    private static JsonObject Policy(string code) => new()
    {
        ["code"] = code,
        ["title"] = "Spam",
        ["summary"] = "Don't flood viewers with repetitive content.",
        ["severity"] = "minor",
        ["points"] = 2,
        ["quizType"] = "engagement",
        ["education"] = new JsonObject { ["article"] = "https://academy.example/spam" },
        ["quizBank"] = new JsonArray(Enumerable.Range(1, 6).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"q{i}",
            ["text"] = $"Question {i}?",
            ["options"] = new JsonArray(
                new JsonObject { ["id"] = "a", ["text"] = "One" },
                new JsonObject { ["id"] = "b", ["text"] = "Two" },
                new JsonObject { ["id"] = "c", ["text"] = "Three" }),
            ["answer"] = "b",
            ["explanation"] = "Because.",
        }).ToArray()),
    };
}
