using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreatorAccountHealth.Functions.Tests;

/// <summary>Starts and stops a generic host with only the given settings: what start-up validation says about them.</summary>
internal static class HostStart
{
    /// <returns>The exception start-up threw, or null when the host started.</returns>
    public static async Task<Exception?> TryAsync(
        IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection, IConfiguration> register)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        register(builder.Services, builder.Configuration);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
