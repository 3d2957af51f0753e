using System.Collections.Immutable;
using System.Text.Json;

namespace CreatorAccountHealth.Infra.Tests.Arm;

/// <summary>One resource a deployment would create, with every expression in it evaluated as far as it can be offline.</summary>
public sealed record ArmResource(string Type, string Name, Dictionary<string, object?> Body, ArmDeployment DeclaredIn)
{
    /// <summary>The last segment of the name: <c>account/db/creators</c> is <c>creators</c>.</summary>
    public string ShortName => Name[(Name.LastIndexOf('/') + 1)..];

    public Dictionary<string, object?> Properties =>
        Body.TryGetValue("properties", out var p) && p is Dictionary<string, object?> properties ? properties : ArmValues.NewObject();

    /// <summary>The nested deployment of a module (<c>Microsoft.Resources/deployments</c>), else null.</summary>
    public ArmDeployment? Module { get; init; }

    public override string ToString() => $"{Type} '{Name}' (in {DeclaredIn.Name})";
}

/// <summary>
/// Evaluates a compiled ARM template the way Azure Resource Manager would, minus Azure: parameters (from a parameters
/// file or their defaults), variables, loops (<c>copy</c>), conditions and modules (nested deployments, whose outputs
/// feed the parent's expressions). Whatever only Azure knows becomes an <see cref="Unknown"/>. Supports the functions
/// Bicep emits for infra/; anything else fails loudly (<see cref="NotSupportedException"/>) rather than guessing.
/// </summary>
public sealed class ArmDeployment
{
    private readonly JsonElement template;
    private readonly IReadOnlyDictionary<string, object?> parameterValues;
    private readonly Dictionary<string, object?> parameters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, object?> variables = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> inProgress = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ArmDeployment> modules = new(StringComparer.OrdinalIgnoreCase);
    private List<ArmResource>? resources;
    private Dictionary<string, object?>? outputs;

    private ArmDeployment(string name, JsonElement template, IReadOnlyDictionary<string, object?> parameterValues)
    {
        Name = name;
        this.template = template;
        this.parameterValues = parameterValues;
    }

    public string Name { get; }

    /// <summary>A deployment of <paramref name="template"/> with these parameter values (the others take their defaults).</summary>
    public static ArmDeployment Create(JsonElement template, IReadOnlyDictionary<string, object?> parameterValues, string name = "main") =>
        new(name, template, parameterValues);

    /// <summary>Values from a deployment parameters file: <c>{"parameters": {"x": {"value": ...}}}</c>.</summary>
    public static Dictionary<string, object?> ReadParametersFile(JsonElement parametersFile)
    {
        var values = ArmValues.NewObject();
        foreach (var parameter in parametersFile.GetProperty("parameters").EnumerateObject())
        {
            if (!parameter.Value.TryGetProperty("value", out var value))
            {
                throw new NotSupportedException($"Parameter '{parameter.Name}' is not a plain value (a Key Vault reference?).");
            }

            values[parameter.Name] = ArmValues.FromJson(value);
        }

        return values;
    }

    public object? Parameter(string name)
    {
        if (parameters.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!template.TryGetProperty("parameters", out var declared) || !TryGetIgnoreCase(declared, name, out var declaration))
        {
            throw new InvalidOperationException($"{Name}: no parameter '{name}'.");
        }

        object? value;
        if (parameterValues.TryGetValue(name, out var given))
        {
            value = given;
        }
        else if (declaration.TryGetProperty("defaultValue", out var defaultValue))
        {
            value = Guarded("parameter " + name, () => Evaluate(defaultValue));
        }
        else
        {
            throw new InvalidOperationException($"{Name}: parameter '{name}' has no value and no default.");
        }

        return parameters[name] = value;
    }

    public object? Variable(string name)
    {
        if (variables.TryGetValue(name, out var known))
        {
            return known;
        }

        var declared = template.TryGetProperty("variables", out var v) ? v : default;
        object? value;
        if (declared.ValueKind == JsonValueKind.Object && TryGetIgnoreCase(declared, name, out var declaration))
        {
            value = Guarded("variable " + name, () => Evaluate(declaration));
        }
        else if (declared.ValueKind == JsonValueKind.Object && declared.TryGetProperty("copy", out var loops)
            && loops.EnumerateArray().FirstOrDefault(l => string.Equals(l.GetProperty("name").GetString(), name, StringComparison.OrdinalIgnoreCase)) is { ValueKind: JsonValueKind.Object } loop)
        {
            value = Guarded("variable " + name, () => EvaluateLoop(loop, Copy.None));
        }
        else
        {
            throw new InvalidOperationException($"{Name}: no variable '{name}'.");
        }

        return variables[name] = value;
    }

    /// <summary>Resources this deployment creates (conditions that evaluate to false left out, loops expanded), modules included.</summary>
    public IReadOnlyList<ArmResource> Resources => resources ??= EvaluateResources();

    /// <summary>Every resource of this deployment and of its modules, recursively (modules' own deployment resources too).</summary>
    public IEnumerable<ArmResource> AllResources() =>
        Resources.SelectMany(r => r.Module is null ? [r] : r.Module.AllResources().Prepend(r));

    public IReadOnlyDictionary<string, object?> Outputs => outputs ??= EvaluateOutputs();

    /// <summary>Evaluates any JSON from the template: expressions in strings (and property names), property loops.</summary>
    public object? Evaluate(JsonElement element) => Evaluate(element, Copy.None);

    public object? Evaluate(string expression) => EvaluateString(expression, Copy.None);

    private object? Evaluate(JsonElement element, Copy copy)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return EvaluateString(element.GetString()!, copy);
            case JsonValueKind.Array:
                return element.EnumerateArray().Select(e => Evaluate(e, copy)).ToList();
            case JsonValueKind.Object:
                var result = ArmValues.NewObject();
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "copy" && property.Value.ValueKind == JsonValueKind.Array)
                    {
                        // Property loops: each { name, count, input } makes the array property `name`.
                        foreach (var loop in property.Value.EnumerateArray())
                        {
                            result[loop.GetProperty("name").GetString()!] = EvaluateLoop(loop, copy);
                        }

                        continue;
                    }

                    result[ArmValues.Render(EvaluateString(property.Name, copy))] = Evaluate(property.Value, copy);
                }

                return result;
            default:
                return ArmValues.FromJson(element);
        }
    }

    private List<object?> EvaluateLoop(JsonElement loop, Copy copy)
    {
        var name = loop.GetProperty("name").GetString()!;
        var count = ToInt(Evaluate(loop.GetProperty("count"), copy), $"copy '{name}' count");
        return Enumerable.Range(0, count).Select(i => Evaluate(loop.GetProperty("input"), copy.With(name, i))).ToList();
    }

    private object? EvaluateString(string text, Copy copy) =>
        ArmExpression.IsExpression(text) ? Eval(ArmExpression.Parse(text), copy) : ArmExpression.Unescape(text);

    private List<ArmResource> EvaluateResources()
    {
        var list = new List<ArmResource>();
        foreach (var (symbol, element) in ResourceElements())
        {
            if (element.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True)
            {
                continue;
            }

            if (element.TryGetProperty("copy", out var loop) && loop.ValueKind == JsonValueKind.Object)
            {
                var loopName = loop.GetProperty("name").GetString()!;
                var count = ToInt(Evaluate(loop.GetProperty("count")), $"{symbol ?? loopName} copy count");
                for (var i = 0; i < count; i++)
                {
                    AddResource(list, element, Copy.None.With(loopName, i));
                }
            }
            else
            {
                AddResource(list, element, Copy.None);
            }
        }

        return list;
    }

    private void AddResource(List<ArmResource> list, JsonElement element, Copy copy)
    {
        if (element.TryGetProperty("condition", out var condition) && Evaluate(condition, copy) is false)
        {
            return;
        }

        var type = element.GetProperty("type").GetString()!;
        var name = ArmValues.Render(Evaluate(element.GetProperty("name"), copy));
        var body = ArmValues.NewObject();
        foreach (var property in element.EnumerateObject())
        {
            // A module's template is evaluated in its own scope (expressionEvaluationOptions.scope "inner", as Bicep emits).
            if (property.Name is "copy" or "dependsOn" or "condition" || (IsDeployment(type) && property.Name == "properties"))
            {
                continue;
            }

            body[property.Name] = Guarded($"{type} '{name}' .{property.Name}", () => Evaluate(property.Value, copy));
        }

        if (!IsDeployment(type))
        {
            list.Add(new ArmResource(type, name, body, this));
            return;
        }

        var module = Module(name, element, copy);
        body["properties"] = ArmValues.NewObject();
        list.Add(new ArmResource(type, name, body, this) { Module = module });
    }

    private ArmDeployment Module(string name, JsonElement element, Copy copy)
    {
        if (modules.TryGetValue(name, out var known))
        {
            return known;
        }

        var properties = element.GetProperty("properties");
        if (!properties.TryGetProperty("expressionEvaluationOptions", out var options)
            || !string.Equals(options.GetProperty("scope").GetString(), "inner", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"{Name}: nested deployment '{name}' is not inner-scoped (Bicep modules always are).");
        }

        var values = ArmValues.NewObject();
        if (properties.TryGetProperty("parameters", out var given))
        {
            foreach (var parameter in given.EnumerateObject())
            {
                var value = Guarded($"module '{name}' parameter {parameter.Name}", () => Evaluate(parameter.Value, copy));
                values[parameter.Name] = value is Dictionary<string, object?> wrapper && wrapper.TryGetValue("value", out var inner)
                    ? inner
                    : throw new NotSupportedException($"{Name}: module '{name}' parameter '{parameter.Name}' is not a plain value.");
            }
        }

        return modules[name] = new ArmDeployment($"{Name}/{name}", properties.GetProperty("template"), values);
    }

    private IEnumerable<(string? Symbol, JsonElement Element)> ResourceElements()
    {
        if (!template.TryGetProperty("resources", out var declared))
        {
            return [];
        }

        // languageVersion 2.0 keys resources by symbolic name; the classic form is an array.
        return declared.ValueKind == JsonValueKind.Object
            ? declared.EnumerateObject().Select(p => ((string?)p.Name, p.Value))
            : declared.EnumerateArray().Select(e => ((string?)null, e));
    }

    private Dictionary<string, object?> EvaluateOutputs()
    {
        var result = ArmValues.NewObject();
        if (!template.TryGetProperty("outputs", out var declared))
        {
            return result;
        }

        foreach (var output in declared.EnumerateObject())
        {
            result[output.Name] = Guarded("output " + output.Name, () => output.Value.TryGetProperty("copy", out var loop)
                ? EvaluateLoop(loop, Copy.None)
                : Evaluate(output.Value.GetProperty("value")));
        }

        return result;
    }

    /// <summary><c>reference(...)</c>: a module's outputs when it names one of this template's deployments, else unknown.</summary>
    private object? Reference(object? target, string text)
    {
        JsonElement element = default;
        string? name = null;
        if (target is ResourceIdValue { Type: var type, Names: [string deploymentName] } && IsDeployment(type))
        {
            name = deploymentName;
            element = ResourceElements().Select(r => r.Element)
                .FirstOrDefault(e => IsDeployment(e.GetProperty("type").GetString()!) && ArmValues.Render(Evaluate(e.GetProperty("name"))) == deploymentName);
        }
        else if (target is string symbol && ResourceElements().FirstOrDefault(r => r.Symbol == symbol) is { Symbol: not null } symbolic
            && IsDeployment(symbolic.Element.GetProperty("type").GetString()!))
        {
            element = symbolic.Element;
            name = ArmValues.Render(Evaluate(element.GetProperty("name")));
        }

        if (name is null || element.ValueKind != JsonValueKind.Object)
        {
            return new Unknown(text);
        }

        var moduleOutputs = ArmValues.NewObject();
        foreach (var (key, value) in Module(name, element, Copy.None).Outputs)
        {
            var output = ArmValues.NewObject();
            output["value"] = value;
            moduleOutputs[key] = output;
        }

        var reference = ArmValues.NewObject();
        reference["outputs"] = moduleOutputs;
        return reference;
    }

    private object? Eval(ArmNode node, Copy copy)
    {
        switch (node)
        {
            case ArmNode.Literal literal:
                return literal.Value;

            case ArmNode.Member member:
                return Access(Eval(member.Target, copy), member.Name);

            case ArmNode.Index index:
                var target = Eval(index.Target, copy);
                var key = Eval(index.Key, copy);
                return key is long i && target is List<object?> list
                    ? (i >= 0 && i < list.Count ? list[(int)i] : throw new InvalidOperationException($"{Name}: index {i} out of range."))
                    : Access(target, ArmValues.Render(key));

            case ArmNode.Call call:
                return CallFunction(call, copy);

            default:
                throw new NotSupportedException(node.ToString());
        }
    }

    private object? Access(object? target, string name) => target switch
    {
        Unknown u => new Unknown($"{u.Text}.{name}"),
        Dictionary<string, object?> obj => obj.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"{Name}: no property '{name}' in {ArmValues.Render(obj)}."),
        _ => throw new InvalidOperationException($"{Name}: can't read '{name}' of {ArmValues.Render(target)}."),
    };

    private object? CallFunction(ArmNode.Call call, Copy copy)
    {
        var name = call.Function.ToLowerInvariant();

        // Lazy ones first: only the branch taken is evaluated, as in ARM.
        switch (name)
        {
            case "if":
                var condition = Eval(call.Arguments[0], copy);
                return condition is Unknown u
                    ? new Unknown($"if({u.Text}, ...)")
                    : Eval(call.Arguments[ToBool(condition) ? 1 : 2], copy);
            case "and":
                return call.Arguments.All(a => ToBool(Eval(a, copy)));
            case "or":
                return call.Arguments.Any(a => ToBool(Eval(a, copy)));
            case "coalesce":
                return call.Arguments.Select(a => Eval(a, copy)).FirstOrDefault(v => v is not null);
        }

        var args = call.Arguments.Select(a => Eval(a, copy)).ToList();
        var text = $"{call.Function}({string.Join(", ", args.Select(a => a is Unknown unknown ? unknown.Text : ArmValues.Render(a)))})";
        switch (name)
        {
            case "parameters":
                return Parameter(ToText(args[0]));
            case "variables":
                return Variable(ToText(args[0]));
            case "copyindex":
                var loopName = args.Count > 0 && args[0] is string s ? s : null;
                var offset = args.Count > 0 && args[^1] is long o ? o : 0;
                return copy.Index(loopName, Name) + offset;
            case "reference":
                return Reference(args[0], text);
            case "resourceid":
                // resourceId([subscriptionId], [resourceGroupName], type, name1, ...): the type is the first argument with a '/'.
                var typeAt = args.FindIndex(a => a is string t && t.Contains('/'));
                return typeAt < 0
                    ? throw new NotSupportedException($"{Name}: {text}")
                    : new ResourceIdValue((string)args[typeAt]!, args.Skip(typeAt + 1).ToList());
            case "format":
                return ArmFunctions.Format(ToText(args[0]), args.Skip(1).ToList());
            case "concat" when args.All(a => a is List<object?>):
                return args.SelectMany(a => (List<object?>)a!).ToList();
            case "concat":
                return string.Concat(args.Select(ArmValues.Render));
        }

        // Only Azure knows these.
        if (name is "resourcegroup" or "subscription" or "deployment" or "tenant" or "environment" or "managementgroup"
            or "uniquestring" or "guid" or "newguid" or "utcnow" or "subscriptionresourceid" or "tenantresourceid"
            or "extensionresourceid" or "managementgroupresourceid" or "pickzones" or "providers"
            || name.StartsWith("list", StringComparison.Ordinal))
        {
            return new Unknown(text);
        }

        // A string built from an unknown (format's «text») is unknown as a whole to any other function, except those that
        // only hold it (an object or array literal that Bicep writes as createObject/createArray inside an expression).
        var onlyHolds = name is "createobject" or "createarray";
        if (args.Any(a => a is Unknown || (!onlyHolds && a is string partial && partial.Contains('«'))))
        {
            return new Unknown(text);
        }

        return ArmFunctions.Call(name, args, text);
    }

    private static bool IsDeployment(string type) => string.Equals(type, "Microsoft.Resources/deployments", StringComparison.OrdinalIgnoreCase);

    private static string ToText(object? value) => value as string ?? throw new InvalidOperationException($"Expected a string, not {ArmValues.Render(value)}.");

    private static bool ToBool(object? value) => value as bool? ?? throw new InvalidOperationException($"Expected a bool, not {ArmValues.Render(value)}.");

    private static int ToInt(object? value, string what) =>
        value is long l ? (int)l : throw new InvalidOperationException($"{what}: expected a number, not {ArmValues.Render(value)}.");

    private static bool TryGetIgnoreCase(JsonElement obj, string name, out JsonElement value)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private T Guarded<T>(string what, Func<T> evaluate)
    {
        if (!inProgress.Add(what))
        {
            throw new InvalidOperationException($"{Name}: {what} depends on itself.");
        }

        try
        {
            return evaluate();
        }
        finally
        {
            inProgress.Remove(what);
        }
    }

    /// <summary>The loop indexes in force: resource loops set the unnamed one too (<c>copyIndex()</c>).</summary>
    private sealed record Copy(ImmutableDictionary<string, int> Indexes, int? Current)
    {
        public static readonly Copy None = new(ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase), null);

        public Copy With(string name, int index) => new(Indexes.SetItem(name, index), index);

        public long Index(string? name, string where) =>
            name is null
                ? Current ?? throw new InvalidOperationException($"{where}: copyIndex() outside a loop.")
                : Indexes.TryGetValue(name, out var i) ? i : throw new InvalidOperationException($"{where}: copyIndex('{name}') outside that loop.");
    }
}
