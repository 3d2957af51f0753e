using System.Text.Json;
using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;

namespace CreatorAccountHealth.Functions.Reports;

/// <summary>
/// The two ways a weekly report run starts, both through <see cref="WeeklyReportRuns"/>: the weekly timer, and
/// <c>POST /api/admin/weekly-reports</c> for backfills and local use.
/// </summary>
public sealed class StartWeeklyReportsFunctions(
    WeeklyReportRuns runs,
    ReportSchedule schedule,
    TimeProvider time,
    ILogger<StartWeeklyReportsFunctions> logger)
{
    /// <summary>
    /// Serves <c>/api/admin/weekly-reports</c>. The host refuses routes whose template starts with the literal
    /// <c>admin</c> (reserved for its own admin API, azure-functions-host#1781) even under the <c>api</c> prefix; a
    /// parameter constrained to exactly "admin" matches the same path without tripping that check.
    /// </summary>
    public const string Route = "{area:regex(^admin$)}/weekly-reports";

    private const int MaxBodyBytes = 4 * 1024;

    /// <summary>
    /// The cutoff is the occurrence being run, not the clock: a late or repeated firing starts the same run. A failed
    /// fan-out is retried by the host (restarting a run is safe); otherwise the week's reports would wait for a hand-started run.
    /// </summary>
    [Function("StartWeeklyReports")]
    [ExponentialBackoffRetry(5, "00:01:00", "00:15:00")]
    public async Task OnSchedule([TimerTrigger("%ReportsSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var cutoff = schedule.OccurrenceNearest(Now());
        await runs.StartAsync(cutoff, cancellationToken);
    }

    /// <summary>Body <c>{"periodEnd": "&lt;ISO-8601 instant&gt;"}</c>, the run's cutoff; 202 with the run.</summary>
    [Function("StartWeeklyReportsNow")]
    public async Task<IActionResult> OnRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBoundedAsync(request, MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.PayloadTooLarge(MaxBodyBytes);
        }

        var (periodEnd, problem) = ReadPeriodEnd(body.Value, Now());
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            return JsonResponse.Accepted(await runs.StartAsync(periodEnd, cancellationToken));
        }
        catch (QueueUnavailableException e)
        {
            logger.LogWarning(e, "Weekly report run for {PeriodEnd} not started: the queue is unavailable", periodEnd);
            return Problems.QueueUnavailable(
                "The report queue could not take the run. Starting the same run again is safe: retry after the number of seconds in Retry-After.");
        }
    }

    /// <summary>The cutoff the body asks for, or the problem with the body.</summary>
    private static (Instant PeriodEnd, IActionResult? Problem) ReadPeriodEnd(ReadOnlyMemory<byte> body, Instant now)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (default, Problems.BadRequest("Malformed JSON", """The body must be a JSON object: {"periodEnd": "<ISO-8601 date and time with an offset>"}."""));
        }

        var error = PeriodEndError(root, now, out var periodEnd);
        return error is null
            ? (periodEnd, null)
            : (default, Problems.Validation(new Dictionary<string, string[]> { ["periodEnd"] = [error] }, "The run request is invalid."));
    }

    private static string? PeriodEndError(JsonElement root, Instant now, out Instant periodEnd)
    {
        periodEnd = default;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("periodEnd", out var value) || value.ValueKind != JsonValueKind.String)
        {
            return "Required: an ISO-8601 date and time with an offset, the run's cutoff (for example '2026-11-30T06:00:00Z').";
        }

        var parsed = OffsetDateTimePattern.ExtendedIso.Parse(value.GetString()!);
        if (!parsed.Success)
        {
            return $"'{value.GetString()}' is not an ISO-8601 date and time with an offset (for example '2026-11-30T06:00:00Z').";
        }

        periodEnd = parsed.Value.ToInstant();

        // A report is built once per period and never rebuilt: one built before its week is over would stay incomplete.
        return periodEnd > now
            ? "Must not be in the future: each report covers the seven days before the day the cutoff falls on, and is built only once."
            : null;
    }

    private Instant Now() => Instant.FromDateTimeOffset(time.GetUtcNow());
}
