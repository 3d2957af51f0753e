using Azure.Messaging.ServiceBus;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.LocalRuntime.ServiceBus;

/// <summary>What a Service Bus invocation binds from: the message, and the actions that settle it.</summary>
internal sealed record ServiceBusInput(ServiceBusReceivedMessage Message, ServiceBusMessageActions Actions);
