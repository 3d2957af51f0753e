using CreatorAccountHealth.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CreatorAccountHealth.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 once storage is reachable, 503 with the reason otherwise. A degraded check (the email
/// channel while SendGrid refuses our key) still answers 200, with <c>status</c> <c>degraded</c> and the check's reason:
/// the app serves, and nothing is lost, but an operator has something to fix.
/// </summary>
public sealed class HealthFunction(HealthCheckService health)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new { status = e.Value.Status.ToString().ToLowerInvariant(), description = e.Value.Description });

        if (report.Status is HealthStatus.Healthy or HealthStatus.Degraded)
        {
            return JsonResponse.Ok(new { status = report.Status.ToString().ToLowerInvariant(), checks });
        }

        var reasons = string.Join(" ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Value.Description));
        var problem = Problems.Create(
            StatusCodes.Status503ServiceUnavailable, "https://tools.ietf.org/html/rfc9110#section-15.6.4", "Unhealthy", reasons);
        return problem.WithHeader("Retry-After", "5");
    }
}
