using System.Net.Sockets;
using Azure.Identity;
using Azure.Messaging.ServiceBus;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// Which send failures mean "the queue can't take it now" (the caller keeps the message and tries later) rather than
/// a bug in what was sent (a message too large stays an error).
/// </summary>
internal static class ServiceBusFailures
{
    public static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        ServiceBusException e => e.IsTransient || e.Reason is
            ServiceBusFailureReason.ServiceBusy
            or ServiceBusFailureReason.ServiceTimeout
            or ServiceBusFailureReason.ServiceCommunicationProblem
            or ServiceBusFailureReason.QuotaExceeded
            or ServiceBusFailureReason.MessagingEntityNotFound
            or ServiceBusFailureReason.MessagingEntityDisabled,

        // The caller gave up: not the queue's fault, so not reported as the queue being down.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,

        // No network, no token for the managed identity, or the identity lacks the Data Sender role (yet: role
        // assignments take minutes to apply). All heal without a code change.
        SocketException or IOException or TimeoutException or AuthenticationFailedException or UnauthorizedAccessException => true,
        _ => false,
    };

    /// <summary>One line for logs: the Service Bus reason when there is one.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ServiceBusException e => $"{e.Reason}: {e.Message}",
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
