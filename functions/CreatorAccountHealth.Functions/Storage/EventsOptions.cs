using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;

namespace CreatorAccountHealth.Functions.Storage;

/// <summary>Settings section <c>Events</c>: how long recorded events (the source the accounts are rebuilt from) live.</summary>
public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary><c>Events__RetentionDays</c>: each event document's Cosmos DB <c>ttl</c>.</summary>
    public int RetentionDays { get; set; } = 400;

    public int TtlSeconds => checked(RetentionDays * 86_400);

    /// <summary>Every problem with this setting under <paramref name="rules"/>; empty when it can be used.</summary>
    public IEnumerable<string> Problems(StandingRules rules)
    {
        // A rebuild must find every event an account still keeps, or rebuilding would forget what still counts.
        var longest = (int)Math.Ceiling(AccountRetention.For(rules).KeepFor.TotalDays);
        if (RetentionDays > 36_500 || RetentionDays <= longest)
        {
            yield return $"Events__RetentionDays must be from {longest + 1} to 36500: longer than the {longest} days an account keeps events for (the longest lookback of the rules, plus a margin).";
        }
    }
}
