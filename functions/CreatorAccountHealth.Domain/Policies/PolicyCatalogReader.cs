using System.Text.Json;
using System.Text.Json.Serialization;

namespace CreatorAccountHealth.Domain.Policies;

/// <summary>The catalog file could not be used; <see cref="Problems"/> lists every problem found, not just the first.</summary>
public sealed class PolicyCatalogException(IReadOnlyList<string> problems)
    : Exception("The policy catalog is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Reads and validates the policy catalog JSON. Validation is strict because a bad catalog would
/// silently mis-score creators: the app refuses to start instead.
/// </summary>
public static class PolicyCatalogReader
{
    public const int MinPoints = 1;
    public const int MaxPoints = 48;
    public const int MinQuestionsPerBank = 6;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static PolicyCatalog Read(string json)
    {
        CatalogFile? file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(json, Options);
        }
        catch (JsonException e)
        {
            throw new PolicyCatalogException([$"Not valid catalog JSON: {e.Message}"]);
        }

        var problems = new List<string>();
        var policies = new List<PolicyDefinition>();
        if (file?.Policies is not { Count: > 0 })
        {
            throw new PolicyCatalogException(["The catalog lists no policies."]);
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < file.Policies.Count; i++)
        {
            var p = file.Policies[i];
            var where = $"policies[{i}]" + (string.IsNullOrWhiteSpace(p.Code) ? "" : $" ({p.Code})");
            var policy = Validate(p, where, problems);
            if (policy is null)
            {
                continue;
            }

            if (!codes.Add(policy.Code))
            {
                problems.Add($"{where}: code '{policy.Code}' appears more than once.");
            }

            policies.Add(policy);
        }

        if (problems.Count > 0)
        {
            throw new PolicyCatalogException(problems);
        }

        return new PolicyCatalog(policies);
    }

    private static PolicyDefinition? Validate(PolicyEntry p, string where, List<string> problems)
    {
        var start = problems.Count;
        Require(p.Code, $"{where}.code", problems);
        Require(p.Title, $"{where}.title", problems);
        Require(p.Summary, $"{where}.summary", problems);
        Require(p.QuizType, $"{where}.quizType", problems);
        if (p.Severity is null)
        {
            problems.Add($"{where}.severity is required (minor, moderate, serious or severe).");
        }

        if (p.Points is not (>= MinPoints and <= MaxPoints))
        {
            problems.Add($"{where}.points must be from {MinPoints} to {MaxPoints}.");
        }

        var article = AbsoluteUri(p.Education?.Article, $"{where}.education.article", required: true, problems);
        var video = AbsoluteUri(p.Education?.Video, $"{where}.education.video", required: false, problems);
        var slides = AbsoluteUri(p.Education?.Slides, $"{where}.education.slides", required: false, problems);

        var questions = new List<QuizQuestion>();
        var bank = p.QuizBank ?? [];
        if (bank.Count < MinQuestionsPerBank)
        {
            problems.Add($"{where}.quizBank needs at least {MinQuestionsPerBank} questions (has {bank.Count}).");
        }

        var questionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var q = 0; q < bank.Count; q++)
        {
            var question = ValidateQuestion(bank[q], $"{where}.quizBank[{q}]", problems);
            if (question is not null && !questionIds.Add(question.Id))
            {
                problems.Add($"{where}.quizBank[{q}]: question id '{question.Id}' appears more than once.");
            }

            if (question is not null)
            {
                questions.Add(question);
            }
        }

        if (problems.Count > start)
        {
            return null;
        }

        return new PolicyDefinition(
            p.Code!, p.Title!, p.Summary!, p.Severity!.Value, p.Points!.Value, p.QuizType!,
            new EducationLinks(article!, video, slides), questions);
    }

    private static QuizQuestion? ValidateQuestion(QuestionEntry q, string where, List<string> problems)
    {
        var start = problems.Count;
        Require(q.Id, $"{where}.id", problems);
        Require(q.Text, $"{where}.text", problems);
        Require(q.Explanation, $"{where}.explanation", problems);
        var options = q.Options ?? [];
        if (options.Count is < 3 or > 4)
        {
            problems.Add($"{where}.options must have three or four options (has {options.Count}).");
        }

        var optionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var o = 0; o < options.Count; o++)
        {
            Require(options[o].Id, $"{where}.options[{o}].id", problems);
            Require(options[o].Text, $"{where}.options[{o}].text", problems);
            if (options[o].Id is { } id && !optionIds.Add(id))
            {
                problems.Add($"{where}.options[{o}]: option id '{id}' appears more than once.");
            }
        }

        if (string.IsNullOrWhiteSpace(q.Answer) || !optionIds.Contains(q.Answer))
        {
            problems.Add($"{where}.answer must be the id of one of its options.");
        }

        return problems.Count > start
            ? null
            : new QuizQuestion(q.Id!, q.Text!, options.Select(o => new QuizOption(o.Id!, o.Text!)).ToList(), q.Answer!, q.Explanation!);
    }

    private static void Require(string? value, string field, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is required.");
        }
    }

    private static Uri? AbsoluteUri(string? value, string field, bool required, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                problems.Add($"{field} is required.");
            }

            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return uri;
        }

        problems.Add($"{field} must be an absolute https URL.");
        return null;
    }

    // The file's shape. Everything is nullable so that validation, not deserialization, reports what is missing.
    private sealed record CatalogFile(List<PolicyEntry>? Policies)
    {
        [JsonPropertyName("$schema")]
        public string? Schema { get; init; }
    }

    private sealed record PolicyEntry(
        string? Code, string? Title, string? Summary, Severity? Severity, int? Points, string? QuizType,
        EducationEntry? Education, List<QuestionEntry>? QuizBank);

    private sealed record EducationEntry(string? Article, string? Video, string? Slides);

    private sealed record QuestionEntry(string? Id, string? Text, List<OptionEntry>? Options, string? Answer, string? Explanation);

    private sealed record OptionEntry(string? Id, string? Text);
}
