using System.Globalization;
using System.Text.Json;

namespace CreatorAccountHealth.Infra.Tests.Arm;

/// <summary>
/// A value only Azure knows at deployment time (a resource's endpoint, a unique string, a principal id), kept as the text
/// of what produced it. Strings built from one (<c>format</c>, <c>concat</c>) show it as <c>«text»</c>, so
/// <c>'@Microsoft.KeyVault(SecretUri={0})'</c> still reads as a Key Vault reference.
/// </summary>
public record Unknown(string Text)
{
    public sealed override string ToString() => $"«{Text}»";
}

/// <summary>What <c>resourceId(...)</c> returns: unknown as text (it holds the subscription), but its type and names are known.</summary>
public sealed record ResourceIdValue(string Type, IReadOnlyList<object?> Names)
    : Unknown($"resourceId({Type}, {string.Join(", ", Names.Select(ArmValues.Render))})");

/// <summary>
/// Template values as plain CLR values: <c>null</c>, <see cref="string"/>, <see cref="long"/>, <see cref="double"/>,
/// <see cref="bool"/>, <see cref="List{T}"/> of values, <see cref="Dictionary{TKey,TValue}"/> (keys case-insensitive, as
/// in ARM) and <see cref="Unknown"/>.
/// </summary>
public static class ArmValues
{
    public static Dictionary<string, object?> NewObject() => new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A value as text inside a larger string: unknowns as <c>«text»</c>, objects and arrays as JSON.</summary>
    public static string Render(object? value) => value switch
    {
        null => "",
        string s => s,
        Unknown u => u.ToString(),
        bool b => b ? "True" : "False",
        long or int or double => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => JsonSerializer.Serialize(ToJsonable(value)),
    };

    public static bool ContainsUnknown(object? value) => value switch
    {
        Unknown => true,
        string s => s.Contains('«'),
        List<object?> list => list.Any(ContainsUnknown),
        Dictionary<string, object?> obj => obj.Values.Any(ContainsUnknown),
        _ => false,
    };

    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var l) ? (object)l : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.Object => element.EnumerateObject().Aggregate(NewObject(), (o, p) =>
        {
            o[p.Name] = FromJson(p.Value);
            return o;
        }),
        _ => throw new NotSupportedException(element.ValueKind.ToString()),
    };

    private static object? ToJsonable(object? value) => value switch
    {
        Unknown u => u.ToString(),
        List<object?> list => list.Select(ToJsonable).ToList(),
        Dictionary<string, object?> obj => obj.ToDictionary(p => p.Key, p => ToJsonable(p.Value)),
        _ => value,
    };
}
