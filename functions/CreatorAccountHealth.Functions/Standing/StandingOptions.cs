using CreatorAccountHealth.Domain.Standing;
using NodaTime;

namespace CreatorAccountHealth.Functions.Standing;

/// <summary>Settings section <c>Standing</c>: the tunable rules, defaulting to TikTok Shop's model.</summary>
public sealed class StandingOptions
{
    public const string SectionName = "Standing";

    /// <summary><c>Standing__PointsActiveDays</c>: how long a violation's points count after issue.</summary>
    public int PointsActiveDays { get; set; } = 90;

    /// <summary><c>Standing__RepeatViolationCount</c>: this many violations of one policy within the window reach the repeat milestone.</summary>
    public int RepeatViolationCount { get; set; } = 6;

    public int RepeatViolationWindowDays { get; set; } = 90;

    public string RepeatViolationMilestone { get; set; } = "permanent-removal";

    /// <summary><c>Standing__Milestones__0__Key</c>, <c>__Title</c>, <c>__Threshold</c>, <c>__Enforcement</c>…; empty means the default ladder.</summary>
    public List<MilestoneSetting> Milestones { get; set; } = [];

    public StandingRules ToRules() => new(
        Duration.FromDays(PointsActiveDays),
        Milestones.Count == 0
            ? MilestoneLadder.Default
            : new MilestoneLadder(Milestones.Select(m => new Milestone(m.Key, m.Title, m.Threshold, m.Enforcement))),
        new RepeatViolationRule(RepeatViolationCount, Duration.FromDays(RepeatViolationWindowDays), RepeatViolationMilestone));

    /// <summary>Every problem with these settings; empty when they can be used.</summary>
    public IEnumerable<string> Problems()
    {
        if (PointsActiveDays is < 1 or > 3650)
        {
            yield return "Standing:PointsActiveDays must be from 1 to 3650.";
        }

        if (RepeatViolationCount < 2)
        {
            yield return "Standing:RepeatViolationCount must be at least 2.";
        }

        if (RepeatViolationWindowDays is < 1 or > 3650)
        {
            yield return "Standing:RepeatViolationWindowDays must be from 1 to 3650.";
        }

        string? ladderProblem = null;
        MilestoneLadder? ladder = null;
        try
        {
            ladder = ToRules().Ladder;
        }
        catch (ArgumentException e)
        {
            ladderProblem = $"Standing:Milestones: {e.Message}";
        }

        if (ladderProblem is not null)
        {
            yield return ladderProblem;
        }
        else if (ladder!.Find(RepeatViolationMilestone) is null)
        {
            yield return $"Standing:RepeatViolationMilestone '{RepeatViolationMilestone}' is not one of the milestones.";
        }

        foreach (var m in Milestones.Where(m => string.IsNullOrWhiteSpace(m.Key) || string.IsNullOrWhiteSpace(m.Title) || string.IsNullOrWhiteSpace(m.Enforcement)))
        {
            yield return $"Standing:Milestones: the milestone at threshold {m.Threshold} needs a Key, a Title and an Enforcement.";
        }
    }
}

public sealed class MilestoneSetting
{
    public string Key { get; set; } = "";

    public string Title { get; set; } = "";

    public int Threshold { get; set; }

    public string Enforcement { get; set; } = "";
}
