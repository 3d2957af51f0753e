namespace CreatorAccountHealth.Functions.Storage;

/// <summary>Storage could not serve the request now (down, throttled, timed out); the caller may retry after <see cref="RetryAfter"/>.</summary>
public sealed class StorageUnavailableException(string message, TimeSpan retryAfter, Exception inner) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>What the 503 tells the caller when "nothing was recorded" isn't true (an erasure stopped part-way).</summary>
    public string? CallerDetail { get; init; }
}
