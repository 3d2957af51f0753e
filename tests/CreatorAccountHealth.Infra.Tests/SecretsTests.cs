using System.Text.RegularExpressions;
using CreatorAccountHealth.Infra.Tests.Arm;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>No key or connection string in the app's settings; secrets live in Key Vault and reach the app as references.</summary>
[Collection(InfraCollection.Name)]
public partial class SecretsTests(InfraTemplate infra)
{
    private const string KeyVaultReference = "@Microsoft.KeyVault(SecretUri=";

    /// <summary>Marks of a credential inside a setting's value.</summary>
    private static readonly string[] CredentialMarks =
    [
        "AccountKey=", "SharedAccessKey=", "SharedAccessSignature=", "Endpoint=sb://", "DefaultEndpointsProtocol=", "Password=",
        "listKeys(", "listConnectionStrings(", "listSecrets(",
    ];

    /// <summary>Options properties that hold secrets, by name: SendGrid__ApiKey, Webhook__SigningSecrets, CreatorAuth__SigningKeys and AccountLinks__SigningKeys today.</summary>
    public static TheoryData<string> SecretSettings => new(SecretSettingNames());

    [Fact]
    public void No_setting_holds_a_key_or_a_connection_string()
    {
        var leaks = infra.AppSettings
            .SelectMany(s => CredentialMarks.Where(m => ArmValues.Render(s.Value).Contains(m, StringComparison.OrdinalIgnoreCase)).Select(m => $"{s.Key} contains {m}"));

        Assert.Empty(leaks);
    }

    [Fact]
    public void The_secret_settings_found_by_name_are_the_four_the_app_has()
    {
        Assert.Equal(["AccountLinks__SigningKeys", "CreatorAuth__SigningKeys", "SendGrid__ApiKey", "Webhook__SigningSecrets"], SecretSettingNames().Order());
    }

    /// <summary>
    /// Production checks tokens with the issuer's JWKS; shared HS256 secrets are an option (creatorAuthSigningKeysEnabled),
    /// and then only as a Key Vault reference: the app refuses an unresolved one at start-up rather than trust its text.
    /// </summary>
    [Fact]
    public void Token_keys_come_from_the_issuers_jwks_and_shared_secrets_only_from_key_vault_when_turned_on()
    {
        Assert.StartsWith("https://", ArmValues.Render(infra.AppSettings["CreatorAuth__JwksUri"]));
        Assert.False(infra.AppSettings.ContainsKey("CreatorAuth__SigningKeys"));

        var withSecrets = infra.AppSettingsWith("creatorAuthSigningKeysEnabled", true);
        Assert.Matches(@"^@Microsoft\.KeyVault\(SecretUri=.*\.vaultUri»secrets/creator-token-signing-keys\)$", ArmValues.Render(withSecrets["CreatorAuth__SigningKeys"]));
    }

    [Theory]
    [MemberData(nameof(SecretSettings))]
    public void Each_secret_is_a_Key_Vault_reference_to_a_secret_in_the_apps_vault(string name)
    {
        // Shared token secrets are set only when the deployment turns them on (see the test above).
        var settings = name == "CreatorAuth__SigningKeys" ? infra.AppSettingsWith("creatorAuthSigningKeysEnabled", true) : infra.AppSettings;
        var value = ArmValues.Render(settings.GetValueOrDefault(name));

        Assert.StartsWith(KeyVaultReference + "«reference(resourceId(Microsoft.KeyVault/vaults, ", value);
        // A versionless URI (vault URI + secrets/<name>): a rotated secret is picked up without a deployment.
        Assert.Matches(@"\.vaultUri»secrets/[A-Za-z0-9-]+\)$", value);
    }

    [Fact]
    public void References_resolve_with_the_apps_identity_which_may_read_secrets()
    {
        var site = Assert.Single(infra.Resources("Microsoft.Web/sites"));
        Assert.Equal("Microsoft.ManagedIdentity/userAssignedIdentities", Assert.IsType<ResourceIdValue>(site.Properties["keyVaultReferenceIdentity"]).Type);

        var vault = Assert.Single(infra.Resources("Microsoft.KeyVault/vaults"));
        Assert.Equal(true, vault.Properties["enableRbacAuthorization"]);
    }

    [Fact]
    public void Secrets_enter_only_through_secure_parameters_and_the_parameters_file_holds_none()
    {
        var parameters = infra.Template.GetProperty("parameters").EnumerateObject().ToList();
        var secretParameters = parameters.Where(p => SecretName().IsMatch(p.Name)).ToList();

        Assert.NotEmpty(secretParameters);
        Assert.All(secretParameters, p => Assert.Equal("securestring", p.Value.GetProperty("type").GetString()));
        // main.bicepparam reads them from the deployer's environment (removed for these builds): nothing inline.
        Assert.All(secretParameters, p => Assert.Equal("", infra.Deployment.Parameter(p.Name)));
    }

    private static IEnumerable<string> SecretSettingNames() =>
        TheCode.OptionsSections.SelectMany(s => s.BoundProperties.Where(p => SecretName().IsMatch(p.Name)).Select(p => $"{s.Name}__{p.Name}"));

    [GeneratedRegex("(Secret|Password|Token|ApiKey|SigningKey)s?$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
