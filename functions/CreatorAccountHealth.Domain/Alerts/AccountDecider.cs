using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Standing;
using NodaTime;

namespace CreatorAccountHealth.Domain.Alerts;

/// <summary>What recording one event does to a creator's account: the account after it, its alert memory, the alerts it fires.</summary>
/// <param name="Changed">False when the event was already applied or can't count: nothing to write.</param>
public sealed record AccountChange(CreatorAccount Account, AlertState AlertState, IReadOnlyList<MilestoneAlert> Alerts, bool Changed);

/// <summary>
/// Records an event in a creator's account and decides its milestone alerts in one pure step, so the account and the
/// alerts it fires are written together or not at all. Alerts are decided for what can raise a standing (a violation)
/// or lower it on purpose (a quiz's point removal re-arms them); the standing "before" is the account as it was.
/// </summary>
public static class AccountDecider
{
    public static AccountChange Decide(
        CreatorAccount account,
        AlertState alerts,
        AccountEvent accountEvent,
        Instant now,
        AccountRetention retention,
        StandingRules rules,
        int approachWithinPoints,
        PolicyCatalog catalog)
    {
        var next = account.Apply(accountEvent, now, retention);
        if (next.SameAs(account))
        {
            return new AccountChange(account, alerts, [], false);
        }

        if (accountEvent is not (ViolationIssued or QuizzesRecorded))
        {
            return new AccountChange(next, alerts, [], true);
        }

        var before = StandingCalculator.Calculate(account.ToHistory(), now, rules);
        var after = StandingCalculator.Calculate(next.ToHistory(), now, rules);
        var decision = AlertDecider.Decide(before, after, alerts, rules, approachWithinPoints, catalog);
        return new AccountChange(next, decision.State, decision.Alerts, true);
    }
}
