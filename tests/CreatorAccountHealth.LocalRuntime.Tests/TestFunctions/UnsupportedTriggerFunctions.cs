using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.Tests.TestFunctions;

/// <summary>A trigger the local runtime does not know, standing in for a queue or Service Bus trigger.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FakeQueueTriggerAttribute : TriggerBindingAttribute;

public sealed class UnsupportedTriggerFunctions
{
    [Function("QueueTriggered")]
    public void QueueTriggered([FakeQueueTrigger] string message)
    {
    }
}
