using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Named on <see cref="ServiceBusTriggerAttribute"/> as the official package names its converter: the Worker SDK writes
/// <c>supportsDeferredBinding</c> into functions.metadata only for a trigger whose converter says so, and the host then
/// sends the raw AMQP message that <see cref="ServiceBusReceivedMessage"/> is built from. Decoding that needs the
/// official package; the local runtime binds parameters itself and never calls this.
/// </summary>
// AZFW0009 is meant for function code; converters are where extension packages put this attribute.
#pragma warning disable AZFW0009
[SupportsDeferredBinding]
#pragma warning restore AZFW0009
[SupportedTargetType(typeof(ServiceBusReceivedMessage))]
[SupportedTargetType(typeof(ServiceBusReceivedMessage[]))]
internal sealed class ServiceBusReceivedMessageConverter : IInputConverter
{
    public ValueTask<ConversionResult> ConvertAsync(ConverterContext context) =>
        new(ConversionResult.Failed(new NotSupportedException(
            "This build uses the Service Bus trigger stand-in; publish with -p:ServiceBusExtension=Official to run Service Bus functions in Azure.")));
}
