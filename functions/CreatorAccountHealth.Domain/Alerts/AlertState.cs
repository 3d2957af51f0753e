namespace CreatorAccountHealth.Domain.Alerts;

/// <summary>Whether the alert for one milestone and kind may fire, and how many times it has.</summary>
public sealed record AlertArming(string MilestoneKey, AlertKind Kind, bool Armed, int Episodes);

/// <summary>
/// A creator's alert memory: one alert per milestone per kind until the standing falls back below it and rises again.
/// Entries that were never touched are armed with no episodes.
/// </summary>
public sealed record AlertState(IReadOnlyList<AlertArming> Entries)
{
    public static AlertState Initial { get; } = new([]);

    public AlertArming For(string milestoneKey, AlertKind kind) =>
        Entries.FirstOrDefault(e => e.MilestoneKey == milestoneKey && e.Kind == kind) ?? new AlertArming(milestoneKey, kind, true, 0);

    public AlertState With(AlertArming arming) =>
        new([.. Entries.Where(e => !(e.MilestoneKey == arming.MilestoneKey && e.Kind == arming.Kind)), arming]);

    /// <summary>Same arming and episodes, whatever the order of entries.</summary>
    public bool SameAs(AlertState other) =>
        Entries.Count == other.Entries.Count && Entries.All(e => other.For(e.MilestoneKey, e.Kind) == e);
}
