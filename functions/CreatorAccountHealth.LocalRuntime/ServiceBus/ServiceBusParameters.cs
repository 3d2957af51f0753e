using System.Reflection;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.LocalRuntime.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>
/// What a Service Bus function's parameters bind to, as in the isolated worker: the trigger parameter to the message
/// (<see cref="ServiceBusReceivedMessage"/>), its body (<see cref="string"/>, <see cref="BinaryData"/>) or the body
/// deserialized from JSON with the app's options; any <see cref="ServiceBusMessageActions"/> to the message's settlement.
/// </summary>
internal static class ServiceBusParameters
{
    public static Func<LocalFunctionContext, object?>? SourceOf(string functionName, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type == typeof(ServiceBusMessageActions))
        {
            return static context => context.ServiceBus!.Actions;
        }

        if (parameter.GetCustomAttribute<TriggerBindingAttribute>() is null)
        {
            return null;
        }

        if (type == typeof(ServiceBusReceivedMessage))
        {
            return static context => context.ServiceBus!.Message;
        }

        if (type == typeof(string))
        {
            return static context => context.ServiceBus!.Message.Body.ToString();
        }

        if (type == typeof(BinaryData))
        {
            return static context => context.ServiceBus!.Message.Body;
        }

        return context => Deserialize(functionName, parameter, context.ServiceBus!.Message);
    }

    /// <summary>A body that isn't the payload type fails the invocation, as a binding failure does in Azure: the message is retried, then dead-lettered.</summary>
    private static object Deserialize(string functionName, ParameterInfo parameter, ServiceBusReceivedMessage message)
    {
        try
        {
            return JsonSerializer.Deserialize(message.Body.ToMemory().Span, parameter.ParameterType, AppJson.Options)
                ?? throw new JsonException("The body is JSON null.");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"Function '{functionName}': message {message.MessageId} cannot be bound to parameter '{parameter.Name}' of type {parameter.ParameterType.Name}: {e.Message}", e);
        }
    }
}
