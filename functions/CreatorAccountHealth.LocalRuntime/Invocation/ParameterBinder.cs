using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.Invocation;

/// <summary>
/// Where each parameter of a function gets its value, decided once at start-up, so a parameter the local runtime
/// cannot bind stops the app with its name instead of failing every request.
/// </summary>
internal sealed class ParameterBinder
{
    private readonly Func<LocalFunctionContext, object?>[] sources;

    private ParameterBinder(Func<LocalFunctionContext, object?>[] sources) => this.sources = sources;

    public static ParameterBinder Create(string functionName, MethodInfo method, TriggerBindingAttribute trigger) =>
        new(method.GetParameters().Select(p => SourceOf(functionName, p, trigger)).ToArray());

    public object?[] Bind(LocalFunctionContext context) => Array.ConvertAll(sources, source => source(context));

    private static Func<LocalFunctionContext, object?> SourceOf(string functionName, ParameterInfo parameter, TriggerBindingAttribute trigger)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return static context => context.CancellationToken;
        }

        if (type == typeof(FunctionContext))
        {
            return static context => context;
        }

        Func<LocalFunctionContext, object?>? source = trigger switch
        {
            HttpTriggerAttribute => HttpSourceOf(functionName, parameter),
            TimerTriggerAttribute when type == typeof(TimerInfo) => static context => context.Timer,
            ServiceBusTriggerAttribute => ServiceBusParameters.SourceOf(functionName, parameter),
            _ => null,
        };
        return source ?? throw new LocalRuntimeConfigurationException(
            $"Function '{functionName}': the local runtime cannot bind parameter '{parameter.Name}' of type {type.Name}. It binds "
            + trigger switch
            {
                HttpTriggerAttribute => "HttpRequest, HttpContext, route values by name",
                ServiceBusTriggerAttribute => "the message (ServiceBusReceivedMessage, string, BinaryData or a JSON payload type), ServiceBusMessageActions",
                _ => "TimerInfo",
            }
            + ", FunctionContext and CancellationToken.");
    }

    private static Func<LocalFunctionContext, object?>? HttpSourceOf(string functionName, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return static context => context.Http!.Request;
        }

        if (type == typeof(HttpContext))
        {
            return static context => context.Http;
        }

        var converter = TypeDescriptor.GetConverter(type);
        return converter.CanConvertFrom(typeof(string)) ? RouteValue(functionName, parameter, converter) : null;
    }

    /// <summary>A route value by the parameter's name, converted like the Functions host does; the default when absent.</summary>
    private static Func<LocalFunctionContext, object?> RouteValue(string functionName, ParameterInfo parameter, TypeConverter converter)
    {
        var name = parameter.Name!;
        var type = parameter.ParameterType;
        var absent = parameter.HasDefaultValue && parameter.DefaultValue is not null ? parameter.DefaultValue
            : type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type)
            : null;
        return context =>
        {
            var value = context.Http!.Request.RouteValues[name];
            if (value is null || type.IsInstanceOfType(value))
            {
                return value ?? absent;
            }

            var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
            try
            {
                return converter.ConvertFromInvariantString(text);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException)
            {
                // As in Azure, a binding failure fails the invocation (500); a route constraint turns it into a 404.
                throw new InvalidOperationException(
                    $"Function '{functionName}': route value '{text}' cannot be bound to parameter '{name}' of type {type.Name}.", e);
            }
        };
    }
}
