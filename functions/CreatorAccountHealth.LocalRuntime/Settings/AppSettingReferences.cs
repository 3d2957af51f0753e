using System.Text.RegularExpressions;

namespace CreatorAccountHealth.LocalRuntime.Settings;

/// <summary><c>%Setting%</c> references in trigger attributes, resolved from app settings as the Functions host does.</summary>
internal static partial class AppSettingReferences
{
    /// <summary>
    /// Replaces each <c>%Name%</c> with the app setting's value (a <c>__</c> in the name nests, as usual). A missing
    /// setting stops start-up with <paramref name="describeMissing"/>'s message for it.
    /// </summary>
    public static string Resolve(string declared, IConfiguration configuration, Func<string, string> describeMissing) =>
        Reference().Replace(declared, reference =>
        {
            var setting = reference.Groups["name"].Value;
            return configuration[setting.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new LocalRuntimeConfigurationException(
                    describeMissing(setting) + " Add it to Values in local.settings.json or set it as an environment variable.");
        });

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex Reference();
}
