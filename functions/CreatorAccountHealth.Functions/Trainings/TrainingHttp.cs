using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>What every trainings endpoint does the same way: bounded bodies, id checks, storage failures as 503.</summary>
internal static class TrainingHttp
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Ids we mint (and Cosmos DB accepts as ids): letters, digits, '-' and '_'.</summary>
    public static bool IsTrainingId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static async Task<IActionResult> RunAsync(ILogger logger, string what, Func<Task<IActionResult>> handle)
    {
        try
        {
            return await handle();
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "{What}: storage unavailable", what);
            return Problems.StorageUnavailable(e.RetryAfter);
        }
    }

    /// <summary>The body, or null when it is over the limit (then <paramref name="tooLarge"/> is the answer).</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, IActionResult? TooLarge)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBoundedAsync(request, MaxBodyBytes, cancellationToken);
        return body is null ? (default, Problems.PayloadTooLarge(MaxBodyBytes)) : (body.Value, null);
    }

    public static Instant Now(TimeProvider time) => Instant.FromDateTimeOffset(time.GetUtcNow());
}
