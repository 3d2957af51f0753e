using CreatorAccountHealth.Functions.Http;
using CreatorAccountHealth.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

/// <summary>What every trainings endpoint does the same way: bounded bodies, id checks.</summary>
internal static class TrainingHttp
{
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Ids we mint (and Cosmos DB accepts as ids): letters, digits, '-' and '_'.</summary>
    public static bool IsTrainingId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The body, or null when it is over the limit (then <paramref name="tooLarge"/> is the answer).</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, IActionResult? TooLarge)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBoundedAsync(request, MaxBodyBytes, cancellationToken);
        return body is null ? (default, Problems.PayloadTooLarge(MaxBodyBytes)) : (body.Value, null);
    }

    /// <summary>
    /// The request body parsed by <paramref name="parse"/>, or the problem to answer: a workshop id we never mint (404,
    /// when <paramref name="trainingId"/> is given), a body over the limit (413), a body that doesn't parse or fit (400,
    /// naming <paramref name="shape"/> for malformed JSON).
    /// </summary>
    public static async Task<(T? Value, IActionResult? Problem)> ReadBodyAsync<T>(
        HttpRequest request, string? trainingId, Func<ReadOnlyMemory<byte>, Parsed<T>> parse, string shape, CancellationToken cancellationToken)
        where T : class
    {
        if (trainingId is not null && !IsTrainingId(trainingId))
        {
            return (null, TrainingProblems.UnknownTraining(trainingId));
        }

        var (body, tooLarge) = await ReadAsync(request, cancellationToken);
        if (tooLarge is not null)
        {
            return (null, tooLarge);
        }

        var parsed = parse(body);
        return parsed.IsValid ? (parsed.Value!, null) : (null, TrainingProblems.Invalid(parsed.Errors, parsed.Malformed, shape));
    }

    public static Instant Now(TimeProvider time) => Instant.FromDateTimeOffset(time.GetUtcNow());
}
