using System.Collections.Concurrent;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Trainings;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Storage;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings;

public sealed record SkippedCreator(string CreatorId, string Reason);

/// <summary>Who an invitation call reached: newly invited, invited before (nothing sent), skipped.</summary>
public sealed record InvitationOutcome(
    string TrainingId,
    IReadOnlyList<string> Invited,
    IReadOnlyList<string> AlreadyInvited,
    IReadOnlyList<SkippedCreator> Skipped,
    int? MatchedByRule,
    int EmailsPending);

/// <summary>
/// Resolves who to invite, without cross-partition queries: explicit ids are checked against their history (a creator
/// nothing was ever recorded for is skipped); a rule's candidates are the creators in the activity index since
/// now − the rule's lookback (all 32 shards, page by page), each judged by <see cref="InvitationRule.Matches"/> on their
/// history.
/// </summary>
public sealed class TrainingInvitations(ICreatorStore creators, ReportActivityIndex activity, StandingRules rules)
{
    private readonly AccountRetention retention = AccountRetention.For(rules);

    private const int PageSize = 200;
    // History loads are independent single-partition queries: the SDK multiplexes them over its connections.
    private const int HistoryParallelism = 32;

    /// <summary>Explicit ids first (in the order given), then the rule's matches (in index order); each once; plus who was skipped.</summary>
    public async Task<(IReadOnlyList<string> Invitees, IReadOnlyList<SkippedCreator> Skipped, int? Matched)> ResolveAsync(
        IReadOnlyList<string> creatorIds, InvitationRule? rule, Instant now, CancellationToken cancellationToken)
    {
        var explicitIds = creatorIds.Distinct(StringComparer.Ordinal).ToList();
        var known = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            explicitIds,
            new ParallelOptions { MaxDegreeOfParallelism = HistoryParallelism, CancellationToken = cancellationToken },
            async (id, ct) => known[id] = !(await creators.LoadAccountAsync(id, ct)).IsUnknown);

        var invitees = explicitIds.Where(id => known[id]).ToList();
        var skipped = explicitIds.Where(id => !known[id]).Select(id => new SkippedCreator(id, "unknownCreator")).ToList();
        if (rule is null)
        {
            return (invitees, skipped, null);
        }

        var matches = await MatchAsync(rule, now, cancellationToken);
        invitees.AddRange(matches.Where(id => !invitees.Contains(id, StringComparer.Ordinal)));
        return (invitees, skipped, matches.Count);
    }

    private async Task<IReadOnlyList<string>> MatchAsync(InvitationRule rule, Instant now, CancellationToken cancellationToken)
    {
        var since = now - rule.Lookback(rules);
        var candidates = new List<string>();
        for (var shard = 0; shard < ReportActivityIndex.Shards; shard++)
        {
            string? continuation = null;
            do
            {
                var page = await activity.ReadPageAsync(shard, since, continuation, PageSize, cancellationToken);
                candidates.AddRange(page.CreatorIds);
                continuation = page.Continuation;
            }
            while (continuation is not null);
        }

        // A rule looking back further than the account's hot window (a violation up to a year ago) reads the archive too.
        var whole = retention.NeedsArchive(rule.Lookback(rules));
        var matched = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            candidates,
            new ParallelOptions { MaxDegreeOfParallelism = HistoryParallelism, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                var account = whole ? await creators.LoadWholeAccountAsync(id, ct) : await creators.LoadAccountAsync(id, ct);
                matched[id] = rule.Matches(account.ToHistory(), now, rules);
            });
        return candidates.Where(id => matched[id]).ToList();
    }
}
