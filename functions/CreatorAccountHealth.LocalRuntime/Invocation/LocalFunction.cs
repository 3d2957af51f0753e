using System.Reflection;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>A discovered <c>[Function]</c> method, prepared once: how to create its class, bind its parameters and await its result.</summary>
internal sealed class LocalFunction
{
    private readonly MethodInfo method;
    private readonly ObjectFactory? createInstance;
    private readonly ParameterBinder parameters;
    private readonly Func<object?, Task<object?>> awaitResult;

    /// <param name="triggerParameter">The method's parameter that carries the trigger attribute.</param>
    public LocalFunction(string name, ParameterInfo triggerParameter)
    {
        Name = name;
        method = (MethodInfo)triggerParameter.Member;
        Trigger = triggerParameter.GetCustomAttribute<TriggerBindingAttribute>()!;
        Definition = new LocalFunctionDefinition(name, triggerParameter, Trigger);
        createInstance = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        parameters = ParameterBinder.Create(name, method, Trigger);
        awaitResult = ReturnValue.AwaiterFor(method.ReturnType);
    }

    public string Name { get; }

    public TriggerBindingAttribute Trigger { get; }

    public LocalFunctionDefinition Definition { get; }

    /// <summary>
    /// Runs the method on a new instance of its class, created from the invocation's services: the worker's
    /// lifetime too, so scoped services are shared within an invocation and never across.
    /// </summary>
    public Task<object?> InvokeAsync(LocalFunctionContext context)
    {
        var instance = createInstance?.Invoke(context.InstanceServices, arguments: null);
        var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, parameters.Bind(context), culture: null);
        return awaitResult(returned);
    }
}
