namespace CreatorAccountHealth.Functions.Hosting;

public static class KeyVaultReferences
{
    /// <summary>
    /// When Azure can't resolve a <c>@Microsoft.KeyVault(...)</c> app setting it passes the reference text through as
    /// the value: for a signing secret that would make a guessable string the secret, for an API key every call fail.
    /// </summary>
    public static bool IsUnresolved(string? value) =>
        value?.TrimStart().StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true;
}
