using System.Collections.Frozen;

namespace CreatorAccountHealth.Domain.Policies;

/// <summary>The set of policies the platform enforces, looked up by code (case-sensitive, as the platform sends it).</summary>
public sealed class PolicyCatalog
{
    private readonly FrozenDictionary<string, PolicyDefinition> byCode;

    public PolicyCatalog(IEnumerable<PolicyDefinition> policies)
    {
        Policies = policies.ToList();
        byCode = Policies.ToFrozenDictionary(p => p.Code, StringComparer.Ordinal);
    }

    public IReadOnlyList<PolicyDefinition> Policies { get; }

    public bool TryGet(string code, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PolicyDefinition? policy) =>
        byCode.TryGetValue(code, out policy);

    public PolicyDefinition Get(string code) =>
        TryGet(code, out var policy) ? policy : throw new KeyNotFoundException($"Policy '{code}' is not in the catalog.");
}
