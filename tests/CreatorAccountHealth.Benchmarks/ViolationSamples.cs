using CreatorAccountHealth.Domain.Policies;

namespace CreatorAccountHealth.Benchmarks;

/// <summary>One violation to send or write; both phases use the same values, so their documents are the same size.</summary>
internal sealed record SampleViolation(
    string EventId, string ViolationId, string CreatorId, PolicyDefinition Policy, string Surface, string ContentId, DateTimeOffset IssuedAt, string Message);

/// <summary>
/// The violations of one run: ids unique per run, batch and sequence number (so every webhook is a new event and
/// answers 202, never a 200 repeat), spread over <see cref="BenchmarkOptions.Creators"/> creators and cycling
/// through every policy in the shipped catalog. <paramref name="creatorPrefix"/> gives a phase creators of its own, so
/// a phase that repeats another's load starts from the same state.
/// </summary>
internal sealed class ViolationSamples(IReadOnlyList<PolicyDefinition> policies, DateTimeOffset issuedAt, string creatorPrefix = "bench-creator-", int creators = BenchmarkOptions.Creators)
{
    private const string Message = "Fireworks set off on camera during a livestream, reported by several viewers.";

    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public SampleViolation Get(string batch, int sequence) => new(
        EventId: $"evt-{runId}-{batch}-{sequence}",
        ViolationId: $"v-{runId}-{batch}-{sequence}",
        CreatorId: $"{creatorPrefix}{sequence % creators:D4}",
        Policy: policies[sequence % policies.Count],
        Surface: sequence % 2 == 0 ? "livestream" : "video",
        ContentId: $"content-{runId}-{batch}-{sequence}",
        IssuedAt: issuedAt,
        Message: Message);

    /// <summary>The same load over other creators: <paramref name="prefix"/> followed by the creator's number.</summary>
    public ViolationSamples ForCreators(string prefix) => new(policies, issuedAt, prefix, creators);

    /// <summary>
    /// One policy only, over <paramref name="count"/> creators of <paramref name="prefix"/> (the no-alert load: one
    /// low-point violation per creator and pass).
    /// </summary>
    public ViolationSamples Only(string policyCode, string prefix, int count) =>
        new([policies.Single(p => p.Code == policyCode)], issuedAt, prefix, count);
}
