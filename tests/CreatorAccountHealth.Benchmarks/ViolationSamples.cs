using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>One violation to send or write; both phases use the same values, so their documents are the same size.</summary>
internal sealed record SampleViolation(
    string EventId, string ViolationId, string CreatorId, PolicyDefinition Policy, string Surface, string ContentId, DateTimeOffset IssuedAt, string Message);

/// <summary>
/// The violations of one run: ids unique per run, batch and sequence number (so every webhook is a new event and
/// answers 202, never a 200 repeat), spread over <see cref="BenchmarkOptions.Creators"/> creators and cycling
/// through every policy in the shipped catalog.
/// </summary>
internal sealed class ViolationSamples(IReadOnlyList<PolicyDefinition> policies, DateTimeOffset issuedAt)
{
    private const string Message = "Fireworks set off on camera during a livestream, reported by several viewers.";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public SampleViolation Get(string batch, int sequence) => new(
        EventId: $"evt-{runId}-{batch}-{sequence}",
        ViolationId: $"v-{runId}-{batch}-{sequence}",
        CreatorId: $"bench-creator-{sequence % BenchmarkOptions.Creators:D4}",
        Policy: policies[sequence % policies.Count],
        Surface: sequence % 2 == 0 ? "livestream" : "video",
        ContentId: $"content-{runId}-{batch}-{sequence}",
        IssuedAt: issuedAt,
        Message: Message);
}
