namespace CreatorAccountHealth.Domain.Violations;

/// <summary>Where a creator's content lives: a livestream or a shoppable video.</summary>
public enum Surface
{
    Livestream,
    Video,
}

public static class Surfaces
{
    /// <summary>The wire names the platform uses.</summary>
    public static readonly IReadOnlyList<string> WireNames = ["livestream", "video"];

    public static bool TryParse(string? value, out Surface surface)
    {
        switch (value)
        {
            case "livestream":
                surface = Surface.Livestream;
                return true;
            case "video":
                surface = Surface.Video;
                return true;
            default:
                surface = default;
                return false;
        }
    }

    public static string ToWireName(this Surface surface) => surface switch
    {
        Surface.Livestream => "livestream",
        Surface.Video => "video",
        _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
    };
}
