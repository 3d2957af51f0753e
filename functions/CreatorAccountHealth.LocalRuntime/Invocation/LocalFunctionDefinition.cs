using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>
/// What <see cref="FunctionContext.FunctionDefinition"/> tells a function about itself. The trigger is listed as
/// the one input binding ("httpTrigger", "timerTrigger"), as code that checks the trigger type expects.
/// </summary>
internal sealed class LocalFunctionDefinition : FunctionDefinition
{
    public LocalFunctionDefinition(string name, ParameterInfo triggerParameter, TriggerBindingAttribute trigger)
    {
        var method = (MethodInfo)triggerParameter.Member;
        Name = name;
        Id = name;
        EntryPoint = $"{method.DeclaringType!.FullName}.{method.Name}";
        PathToAssembly = method.DeclaringType.Assembly.Location;
        Parameters = [.. method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType))];
        InputBindings = ImmutableDictionary<string, BindingMetadata>.Empty
            .Add(triggerParameter.Name!, new TriggerBinding(triggerParameter.Name!, BindingTypeOf(trigger)));
    }

    public override ImmutableArray<FunctionParameter> Parameters { get; }

    public override string PathToAssembly { get; }

    public override string EntryPoint { get; }

    public override string Id { get; }

    public override string Name { get; }

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;

    /// <summary>HttpTriggerAttribute becomes "httpTrigger": the binding type names of function.json.</summary>
    private static string BindingTypeOf(TriggerBindingAttribute trigger)
    {
        var name = trigger.GetType().Name;
        name = name.EndsWith(nameof(Attribute), StringComparison.Ordinal) ? name[..^nameof(Attribute).Length] : name;
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    private sealed class TriggerBinding(string name, string type) : BindingMetadata
    {
        public override string Name { get; } = name;

        public override string Type { get; } = type;

        public override BindingDirection Direction => BindingDirection.In;
    }
}
