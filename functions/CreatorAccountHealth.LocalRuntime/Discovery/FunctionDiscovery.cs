using System.Reflection;
using CreatorAccountHealth.LocalRuntime.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace CreatorAccountHealth.LocalRuntime.Discovery;

/// <summary>The functions found: those the local runtime hosts, and those it cannot (their trigger is not supported).</summary>
internal sealed record FunctionCatalog(IReadOnlyList<LocalFunction> Hosted, IReadOnlyList<string> NotHosted);

/// <summary>Finds the public <c>[Function]</c> methods of the given assemblies, the methods the Functions worker would index.</summary>
internal static class FunctionDiscovery
{
    public static FunctionCatalog Discover(IEnumerable<Assembly> assemblies, IReadOnlyCollection<string>? onlyNames)
    {
        var found = assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(f => f.Function is not null)
            .Select(f => (Name: f.Function!.Name, f.Method))
            .ToList();

        var duplicate = found.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new LocalRuntimeConfigurationException(
                $"Function name '{duplicate.Key}' is used by more than one method: {string.Join(", ", duplicate.Select(f => Describe(f.Method)))}.");
        }

        if (onlyNames is not null)
        {
            var unknown = onlyNames.Except(found.Select(f => f.Name), StringComparer.OrdinalIgnoreCase).ToList();
            if (unknown.Count > 0)
            {
                throw new LocalRuntimeConfigurationException(
                    $"No function named {string.Join(", ", unknown.Select(n => $"'{n}'"))}. The functions are: {string.Join(", ", found.Select(f => f.Name).Order())}.");
            }

            found.RemoveAll(f => !onlyNames.Contains(f.Name, StringComparer.OrdinalIgnoreCase));
        }

        var hosted = new List<LocalFunction>();
        var notHosted = new List<string>();
        foreach (var (name, method) in found)
        {
            var triggerParameter = method.GetParameters().FirstOrDefault(p => p.GetCustomAttribute<TriggerBindingAttribute>() is not null);
            var trigger = triggerParameter?.GetCustomAttribute<TriggerBindingAttribute>();
            if (trigger is HttpTriggerAttribute or TimerTriggerAttribute or ServiceBusTriggerAttribute)
            {
                hosted.Add(new LocalFunction(name, triggerParameter!));
            }
            else
            {
                notHosted.Add($"{name} ({trigger?.GetType().Name ?? "no trigger"})");
            }
        }

        return new FunctionCatalog(hosted, notHosted);
    }

    private static string Describe(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";
}
