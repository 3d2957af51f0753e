using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Storage;
using CreatorAccountHealth.TestSupport;
using Microsoft.Azure.Cosmos;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>A setting the code reads, and where in the code that requirement comes from (for failure messages).</summary>
public sealed record RequiredSetting(string Name, string Source);

/// <summary>
/// What infra/ must provide, read from the code itself so the tests keep up with it: the container definitions, the
/// options types and their properties (reflection over the Functions assembly), the settings named by constants, and
/// the binding expressions and connections in the generated functions.metadata. Nothing here is a copy of a list.
/// </summary>
public static partial class TheCode
{
    public static Assembly Functions { get; } = typeof(CosmosContainers).Assembly;

    public static IReadOnlyList<ContainerProperties> Containers => CosmosContainers.Definitions;

    /// <summary>The functions as the Functions host sees them (functions.metadata, written by the Worker SDK at build).</summary>
    public static IReadOnlyList<JsonElement> Metadata { get; } = ReadMetadata();

    /// <summary>Every binding of every function.</summary>
    public static IEnumerable<JsonElement> Bindings =>
        Metadata.SelectMany(f => f.GetProperty("bindings").EnumerateArray());

    /// <summary>Settings the host resolves from binding expressions, <c>%Name%</c> in any binding property.</summary>
    public static IReadOnlyList<RequiredSetting> BindingExpressionSettings =>
        Metadata.SelectMany(f => f.GetProperty("bindings").EnumerateArray().SelectMany(b => Strings(b).SelectMany(s =>
                BindingExpression().Matches(s).Select(m => new RequiredSetting(m.Groups[1].Value, $"%{m.Groups[1].Value}% in {f.GetProperty("name").GetString()}'s {b.GetProperty("type").GetString()}")))))
            .DistinctBy(s => s.Name)
            .ToList();

    /// <summary>
    /// Flat settings the code reads by name: every <c>const string ...Setting</c> (e.g. <c>AlertOptions.QueueNameSetting</c>
    /// = "AlertsQueueName"), the convention for settings that triggers also read as <c>%Name%</c>.
    /// </summary>
    public static IReadOnlyList<RequiredSetting> FlatSettings =>
        Functions.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Setting", StringComparison.Ordinal))
                .Select(f => new RequiredSetting((string)f.GetRawConstantValue()!, $"{t.Name}.{f.Name}")))
            .ToList();

    /// <summary>
    /// Connections, named the Functions way (the name is the setting, or its prefix for <c>Name__property</c> settings):
    /// every <c>const string ConnectionName</c> and every binding's <c>connection</c>.
    /// </summary>
    public static IReadOnlyList<RequiredSetting> Connections =>
        Functions.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name == "ConnectionName")
                .Select(f => new RequiredSetting((string)f.GetRawConstantValue()!, $"{t.Name}.{f.Name}")))
            .Concat(Bindings.Where(b => b.TryGetProperty("connection", out _))
                .Select(b => new RequiredSetting(b.GetProperty("connection").GetString()!, $"a {b.GetProperty("type").GetString()} binding's connection")))
            .DistinctBy(c => c.Name)
            .ToList();

    /// <summary>Options types: those with <c>const string SectionName</c>, bound with <c>GetSection(SectionName)</c>.</summary>
    public static IReadOnlyList<OptionsSection> OptionsSections =>
        Functions.GetTypes()
            .Select(t => (Type: t, Field: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => new OptionsSection(x.Type, (string)x.Field!.GetRawConstantValue()!))
            .ToList();

    /// <summary>
    /// Queues: each Service Bus trigger's queue (a <c>%Setting%</c> or a literal name), and each flat setting named
    /// <c>...QueueName</c> (queues the code only sends to).
    /// </summary>
    public static IReadOnlyList<QueueRequirement> Queues =>
        Bindings.Where(b => b.GetProperty("type").GetString() == "serviceBusTrigger")
            .Select(b => b.TryGetProperty("queueName", out var q)
                ? QueueRequirement.From(q.GetString()!, "a serviceBusTrigger's queueName")
                : throw new NotSupportedException($"A Service Bus trigger without a queue (topic?): infra/ and these tests handle queues only. {b}"))
            .Concat(FlatSettings.Where(s => s.Name.EndsWith("QueueName", StringComparison.Ordinal))
                .Select(s => new QueueRequirement(s.Name, null, s.Source)))
            .DistinctBy(q => q.Setting ?? q.Literal)
            .ToList();

    /// <summary>The target framework's version, e.g. "10.0" for net10.0: the Flex Consumption runtime version.</summary>
    public static string DotnetVersion =>
        Version.Parse(Functions.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName.Split("Version=v")[1]).ToString(2);

    /// <summary>The HTTP route prefix from host.json (<c>extensions.http.routePrefix</c>, "api" when unset).</summary>
    public static string RoutePrefix
    {
        get
        {
            using var host = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("host.json")));
            return host.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("http", out var h) && h.TryGetProperty("routePrefix", out var p)
                ? p.GetString()!
                : "api";
        }
    }

    public static JsonElement Trigger(string functionName) =>
        Metadata.Single(f => f.GetProperty("name").GetString() == functionName)
            .GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    private static List<JsonElement> ReadMetadata()
    {
        var path = Path.Combine(RepoPaths.BuildOutput("CreatorAccountHealth.Functions"), "functions.metadata");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build the function app (dotnet build Functions.sln).");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex BindingExpression();
}

/// <summary>A queue the code uses: named by the app setting <see cref="Setting"/>, or literally.</summary>
public sealed record QueueRequirement(string? Setting, string? Literal, string Source)
{
    public static QueueRequirement From(string queueName, string source) =>
        queueName is ['%', .. var setting, '%'] ? new(setting, null, source) : new(null, queueName, source);

    public override string ToString() => Setting is null ? $"queue '{Literal}' ({Source})" : $"the queue named by {Setting} ({Source})";
}

/// <summary>
/// An options type bound from configuration section <see cref="Name"/>: each public settable scalar property is the
/// setting <c>Name__Property</c>.
/// </summary>
public sealed record OptionsSection(Type Type, string Name)
{
    private static readonly NullabilityInfoContext Nullability = new();

    /// <summary>Properties bound from this section (some of which the tests then treat specially).</summary>
    public IEnumerable<PropertyInfo> BoundProperties =>
        Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } && IsScalar(p.PropertyType));

    /// <summary>
    /// Settings the app must be given a production value for: every bound property, except
    /// <list type="bullet">
    /// <item>properties fed from a flat setting instead (a <c>const string {Property}Setting</c> in the type, e.g.
    /// <c>QueueNameSetting</c> feeds <c>QueueName</c>): the flat setting is required instead;</item>
    /// <item>nullable ones (<c>string?</c>, <c>int?</c>): unset is meaningful (an optional override such as
    /// <c>SendGrid__Host</c>, or a value bound from a connection).</item>
    /// </list>
    /// </summary>
    public IEnumerable<RequiredSetting> RequiredSettings =>
        BoundProperties
            .Where(p => Type.GetField(p.Name + "Setting", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) is null)
            .Where(p => Nullability.Create(p).WriteState != NullabilityState.Nullable)
            .Select(p => new RequiredSetting($"{Name}__{p.Name}", $"{Type.Name}.{p.Name}"));

    /// <summary>Every setting name this section binds (required or optional).</summary>
    public IEnumerable<string> AllSettingNames => BoundProperties.Select(p => $"{Name}__{p.Name}");

    private static bool IsScalar(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);
    }
}
