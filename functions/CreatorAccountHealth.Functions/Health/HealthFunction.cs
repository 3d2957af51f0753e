using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace CreatorAccountHealth.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 <c>{"status": "healthy"}</c> once storage is reachable, 503 naming what is unhealthy
/// otherwise. A degraded check (the email channel while SendGrid refuses our key) still answers 200, with <c>status</c>
/// <c>degraded</c>: the app serves and nothing is lost, but an operator has something to fix. Anyone may ask, so it says
/// only that: why (exception text, database and container names) goes to the logs.
/// </summary>
public sealed class HealthFunction(HealthCheckService health, ILogger<HealthFunction> logger)
{
    [Function("Health")]
    [PublicEndpoint("probes and load balancers carry no credentials; the answer is only a status")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.ToDictionary(e => e.Key, e => StatusOf(e.Value.Status));
        foreach (var (name, entry) in report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy))
        {
            logger.LogWarning(entry.Exception, "Health check {Check} is {Status}: {Description}", name, entry.Status, entry.Description);
        }

        if (report.Status is HealthStatus.Healthy or HealthStatus.Degraded)
        {
            return JsonResponse.Ok(new { status = StatusOf(report.Status), checks });
        }

        var degraded = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToList();
        return Problems.Create(new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Title = "Unhealthy",
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = $"Degraded: {string.Join(", ", degraded)}.",
                Extensions = { ["status"] = StatusOf(report.Status), ["checks"] = checks },
            })
            .WithHeader("Retry-After", "5");
    }

    private static string StatusOf(HealthStatus status) => status.ToString().ToLowerInvariant();
}
