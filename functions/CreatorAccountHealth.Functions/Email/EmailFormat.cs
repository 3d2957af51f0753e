using System.Globalization;
using CreatorAccountHealth.Domain.Violations;
using NodaTime;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>How every email words numbers, surfaces and links for the creator: English, like the templates. Dates and
/// times follow the creator's locale: <see cref="CreatorCulture"/>.</summary>
public static class EmailFormat
{
    /// <summary>"1 point", "12 points".</summary>
    public static string Points(int points) => Count(points, "point", "points");

    /// <summary>"1 violation", "0 violations".</summary>
    public static string Count(int count, string singular, string plural) =>
        count == 1 ? $"1 {singular}" : $"{count.ToString(CultureInfo.InvariantCulture)} {plural}";

    public static string LowerFirst(string title) =>
        title.Length == 0 ? title : char.ToLowerInvariant(title[0]) + title[1..];

    /// <summary>The creator-facing name of a surface: the platform brands livestreams "LIVE".</summary>
    public static string SurfaceName(Surface surface) => surface switch
    {
        Surface.Livestream => "LIVE",
        Surface.Video => "Video",
        _ => throw new ArgumentOutOfRangeException(nameof(surface), surface, null),
    };

    /// <summary>The zone named in "Dates are shown in …".</summary>
    public static string ZoneName(DateTimeZone zone) => zone == DateTimeZone.Utc ? "UTC" : zone.Id;

    /// <summary>Only absolute http(s) links reach an href: never javascript:, data: or relative URLs.</summary>
    public static string? SafeLink(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;
}
