namespace CreatorAccountHealth.Domain.Standing;

/// <summary>A point on the enforcement ladder: reaching <see cref="Threshold"/> active points brings <see cref="Enforcement"/>.</summary>
public sealed record Milestone(string Key, string Title, int Threshold, string Enforcement);

/// <summary>The ladder of milestones, lowest threshold first.</summary>
public sealed class MilestoneLadder
{
    public MilestoneLadder(IEnumerable<Milestone> milestones)
    {
        Milestones = milestones.OrderBy(m => m.Threshold).ToList();
        if (Milestones.Count == 0)
        {
            throw new ArgumentException("A milestone ladder needs at least one milestone.", nameof(milestones));
        }

        var duplicateThreshold = Milestones.GroupBy(m => m.Threshold).FirstOrDefault(g => g.Count() > 1);
        if (duplicateThreshold is not null)
        {
            throw new ArgumentException($"Two milestones share the threshold {duplicateThreshold.Key}.", nameof(milestones));
        }

        var duplicateKey = Milestones.GroupBy(m => m.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicateKey is not null)
        {
            throw new ArgumentException($"Two milestones share the key '{duplicateKey.Key}'.", nameof(milestones));
        }

        if (Milestones[0].Threshold <= 0)
        {
            throw new ArgumentException("Milestone thresholds must be positive.", nameof(milestones));
        }
    }

    public IReadOnlyList<Milestone> Milestones { get; }

    /// <summary>Modelled on TikTok Shop's ladder.</summary>
    public static MilestoneLadder Default { get; } = new(
    [
        new("formal-warning", "Formal warning", 12, "A formal warning on your account. No features are restricted yet."),
        new("suspension-7-days", "7-day suspension", 24, "E-commerce features (shoppable videos, LIVE selling, showcase) are suspended for 7 days."),
        new("suspension-30-days", "30-day suspension", 36, "E-commerce features (shoppable videos, LIVE selling, showcase) are suspended for 30 days."),
        new("permanent-removal", "Permanent removal", 48, "E-commerce permissions are permanently removed from your account."),
    ]);

    public Milestone Highest => Milestones[^1];

    public Milestone? Find(string key) => Milestones.FirstOrDefault(m => m.Key == key);

    /// <summary>The highest milestone at or below <paramref name="points"/>, or null below the first.</summary>
    public Milestone? ReachedAt(int points) => Milestones.LastOrDefault(m => m.Threshold <= points);

    /// <summary>The lowest milestone above <paramref name="points"/>, or null at the top.</summary>
    public Milestone? NextAbove(int points) => Milestones.FirstOrDefault(m => m.Threshold > points);
}
