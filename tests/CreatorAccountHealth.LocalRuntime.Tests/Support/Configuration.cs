using Microsoft.Extensions.Configuration;

namespace CreatorAccountHealth.LocalRuntime.Tests.Support;

internal static class Configuration
{
    /// <summary>Configuration holding app settings as named in local.settings.json (<c>__</c> nests, as there).</summary>
    public static IConfiguration With(params string[] namesAndValues) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(namesAndValues.Chunk(2).Select(p => KeyValuePair.Create(p[0].Replace("__", ":", StringComparison.Ordinal), (string?)p[1])))
            .Build();
}
