using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CreatorAccountHealth.Infra.Tests.Arm;

/// <summary>ARM template functions that need nothing from Azure, over known arguments.</summary>
public static class ArmFunctions
{
    /// <summary><c>format('{0}-{1}', ...)</c>: unknown arguments render as <c>«text»</c>; <c>{{</c> and <c>}}</c> are braces.</summary>
    public static string Format(string format, IReadOnlyList<object?> args)
    {
        var result = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                result.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = format.IndexOf('}', i);
                var spec = format[(i + 1)..end];
                var index = int.Parse(spec.Split(':', ',')[0], CultureInfo.InvariantCulture);
                result.Append(ArmValues.Render(args[index]));
                i = end;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    public static object? Call(string name, List<object?> args, string text) => name switch
    {
        "true" => true,
        "false" => false,
        "null" => null,
        "string" => args[0] as string ?? ArmValues.Render(args[0]),
        "int" => args[0] is string s ? long.Parse(s, CultureInfo.InvariantCulture) : Convert.ToInt64(args[0], CultureInfo.InvariantCulture),
        "bool" => args[0] is string b ? bool.Parse(b) : Convert.ToBoolean(args[0], CultureInfo.InvariantCulture),
        "json" => ArmValues.FromJson(JsonDocument.Parse((string)args[0]!).RootElement),
        "createobject" => CreateObject(args),
        "createarray" => args.ToList(),
        "union" => args.Aggregate((a, b) => Union(a, b)),
        "items" => ((Dictionary<string, object?>)args[0]!).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => (object?)CreateObject(["key", p.Key, "value", p.Value])).ToList(),
        "length" => (long)(args[0] switch
        {
            string str => str.Length,
            List<object?> list => list.Count,
            Dictionary<string, object?> obj => obj.Count,
            _ => throw Unsupported(text),
        }),
        "empty" => args[0] switch
        {
            null => true,
            string str => str.Length == 0,
            List<object?> list => list.Count == 0,
            Dictionary<string, object?> obj => obj.Count == 0,
            _ => false,
        },
        "contains" => args[0] switch
        {
            string str => str.Contains(ArmValues.Render(args[1]), StringComparison.OrdinalIgnoreCase),
            List<object?> list => list.Any(v => ValuesEqual(v, args[1])),
            Dictionary<string, object?> obj => obj.ContainsKey(ArmValues.Render(args[1])),
            _ => throw Unsupported(text),
        },
        "equals" => ValuesEqual(args[0], args[1]),
        "not" => !(bool)args[0]!,
        "first" => args[0] is string fs ? fs[..Math.Min(1, fs.Length)] : ((List<object?>)args[0]!).FirstOrDefault(),
        "last" => args[0] is string ls ? ls[^Math.Min(1, ls.Length)..] : ((List<object?>)args[0]!).LastOrDefault(),
        "take" => args[0] is string ts ? ts[..Math.Min((int)(long)args[1]!, ts.Length)] : ((List<object?>)args[0]!).Take((int)(long)args[1]!).ToList(),
        "skip" => args[0] is string ss ? ss[Math.Min((int)(long)args[1]!, ss.Length)..] : ((List<object?>)args[0]!).Skip((int)(long)args[1]!).ToList(),
        "tolower" => ((string)args[0]!).ToLowerInvariant(),
        "toupper" => ((string)args[0]!).ToUpperInvariant(),
        "trim" => ((string)args[0]!).Trim(),
        "replace" => ((string)args[0]!).Replace((string)args[1]!, (string)args[2]!, StringComparison.Ordinal),
        "split" => ((string)args[0]!).Split(args[1] is List<object?> separators ? separators.Cast<string>().ToArray() : [(string)args[1]!], StringSplitOptions.None)
            .Select(p => (object?)p).ToList(),
        "join" => string.Join((string)args[1]!, ((List<object?>)args[0]!).Select(ArmValues.Render)),
        "startswith" => ((string)args[0]!).StartsWith((string)args[1]!, StringComparison.OrdinalIgnoreCase),
        "endswith" => ((string)args[0]!).EndsWith((string)args[1]!, StringComparison.OrdinalIgnoreCase),
        "substring" => args.Count == 2 ? ((string)args[0]!)[(int)(long)args[1]!..] : ((string)args[0]!).Substring((int)(long)args[1]!, (int)(long)args[2]!),
        "add" => (long)args[0]! + (long)args[1]!,
        "sub" => (long)args[0]! - (long)args[1]!,
        "mul" => (long)args[0]! * (long)args[1]!,
        "div" => (long)args[0]! / (long)args[1]!,
        "mod" => (long)args[0]! % (long)args[1]!,
        "greater" => Compare(args) > 0,
        "greaterorequals" => Compare(args) >= 0,
        "less" => Compare(args) < 0,
        "lessorequals" => Compare(args) <= 0,
        "range" => Enumerable.Range((int)(long)args[0]!, (int)(long)args[1]!).Select(i => (object?)(long)i).ToList(),
        _ => throw Unsupported(text),
    };

    private static Dictionary<string, object?> CreateObject(IReadOnlyList<object?> args)
    {
        var result = ArmValues.NewObject();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            result[ArmValues.Render(args[i])] = args[i + 1];
        }

        return result;
    }

    /// <summary>Objects merge (later wins, nested objects merged too); arrays concatenate without duplicates.</summary>
    private static object? Union(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => y.Aggregate(new Dictionary<string, object?>(x, StringComparer.OrdinalIgnoreCase), (merged, p) =>
        {
            merged[p.Key] = merged.TryGetValue(p.Key, out var existing) && existing is Dictionary<string, object?> && p.Value is Dictionary<string, object?>
                ? Union(existing, p.Value)
                : p.Value;
            return merged;
        }),
        (List<object?> x, List<object?> y) => x.Concat(y).Distinct().ToList(),
        _ => throw new NotSupportedException($"union of {ArmValues.Render(a)} and {ArmValues.Render(b)}"),
    };

    private static bool ValuesEqual(object? a, object? b) => a?.GetType() == b?.GetType() && ArmValues.Render(a) == ArmValues.Render(b);

    private static int Compare(List<object?> args) => args[0] switch
    {
        long x => x.CompareTo((long)args[1]!),
        string x => string.CompareOrdinal(x, (string)args[1]!),
        _ => throw new NotSupportedException($"compare {ArmValues.Render(args[0])}"),
    };

    private static NotSupportedException Unsupported(string text) =>
        new($"The infra tests' ARM evaluator does not support {text}: add it to {nameof(ArmFunctions)}.");
}
