using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Domain.Creators;

/// <summary>
/// A creator's violations older than the account's hot window (<see cref="AccountRetention.HotFor"/>), kept apart so that
/// the requests every event or read makes don't carry them: only the rules that look back further read them
/// (<see cref="CreatorAccount.WithArchive"/>). Written about once a week (<see cref="CreatorAccount.MoveToArchive"/>).
/// </summary>
public sealed record ViolationArchive(string CreatorId, IReadOnlyList<Violation> Violations)
{
    public static ViolationArchive Empty(string creatorId) => new(creatorId, []);

    /// <summary>
    /// The archive with <paramref name="moved"/> added: a union by violation id, so merging the same move twice (a retry,
    /// a crash before the account's write) changes nothing; what no rule can read any more is pruned. Canonical order.
    /// </summary>
    public ViolationArchive Merge(IEnumerable<Violation> moved, Instant now, AccountRetention retention)
    {
        var keepSince = now - retention.KeepFor;
        var merged = Violations.Concat(moved)
            .Where(v => v.IssuedAt > keepSince)
            .DistinctBy(v => v.Id, StringComparer.Ordinal)
            .OrderBy(v => v.IssuedAt).ThenBy(v => v.Id, StringComparer.Ordinal)
            .ToList();
        return this with { Violations = merged };
    }

    /// <summary>Same content (canonical lists, so element by element).</summary>
    public bool SameAs(ViolationArchive other) => CreatorId == other.CreatorId && Violations.SequenceEqual(other.Violations);
}
