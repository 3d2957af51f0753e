namespace CreatorAccountHealth.Functions.Storage;

/// <summary>Storage could not serve the request now (down, throttled, timed out); the caller may retry after <see cref="RetryAfter"/>.</summary>
public sealed class StorageUnavailableException(string message, TimeSpan retryAfter, Exception inner) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
