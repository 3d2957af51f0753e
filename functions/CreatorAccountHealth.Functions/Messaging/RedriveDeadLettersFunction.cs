using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Trainings;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Messaging;

/// <summary>
/// <c>POST /api/admin/queues/{queueName}/dead-letters/redrive[?max=100]</c>: an operator puts a queue's dead-lettered
/// messages back on it (docs/runbook.md), after fixing what put them there. Only the app's own queues; 200 with how many
/// went back.
/// </summary>
public sealed class RedriveDeadLettersFunction(
    IDeadLetterRedrive redrive,
    IOptions<AlertOptions> alerts,
    IOptions<ReportOptions> reports,
    IOptions<TrainingOptions> trainings,
    ILogger<RedriveDeadLettersFunction> logger)
{
    public const string Route = "{area:regex(^admin$)}/queues/{queueName}/dead-letters/redrive";

    public const int DefaultMax = 100;
    public const int MaxMax = 1000;

    [Function("RedriveDeadLetters")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        string queueName,
        CancellationToken cancellationToken)
    {
        var queues = new[] { alerts.Value.QueueName, reports.Value.QueueName, trainings.Value.QueueName };
        if (!queues.Contains(queueName, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.NotFound("Unknown queue", $"'{queueName}' is not one of the app's queues ({string.Join(", ", queues)}).");
        }

        var max = DefaultMax;
        if (request.Query.TryGetValue("max", out var value) && !(int.TryParse(value, out max) && max is >= 1 and <= MaxMax))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["max"] = [$"max must be a whole number from 1 to {MaxMax}."] }, "The request is not valid.");
        }

        try
        {
            var redriven = await redrive.RedriveAsync(queueName, max, cancellationToken);
            logger.LogWarning("{Count} dead-lettered message(s) of queue {QueueName} re-driven by an operator", redriven, queueName);
            return JsonResponse.Ok(new { queue = queueName, redriven });
        }
        catch (QueueUnavailableException e)
        {
            logger.LogWarning(e, "Dead-letter queue of {QueueName} not re-driven: Service Bus unavailable", queueName);
            return Problems.QueueUnavailable(
                "Service Bus could not be reached; messages already re-driven stay re-driven. Retry after the number of seconds in Retry-After.");
        }
    }
}
