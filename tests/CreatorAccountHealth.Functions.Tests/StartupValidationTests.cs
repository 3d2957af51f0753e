using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Tests;

/// <summary>A missing or bad setting stops the host at start-up, naming the setting, instead of failing a request later.</summary>
public class StartupValidationTests
{
    private static readonly Dictionary<string, string?> ValidSettings = new()
    {
        ["CosmosDbConnection"] = "AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==;",
        ["Webhook:SigningSecrets"] = "secret",
        ["ServiceBusConnection"] = "Endpoint=sb://localhost/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0",
        ["AlertsQueueName"] = "milestone-alerts",
        ["AlertsRepublishSchedule"] = "0 */1 * * * *",
        ["ReportsQueueName"] = "weekly-reports",
        ["TrainingEmailsQueueName"] = "training-emails",
        ["TrainingEmailsRepublishSchedule"] = "0 */5 * * * *",
        ["ReportsSchedule"] = "0 0 6 * * 1",
        ["SendGrid:ApiKey"] = "key",
        ["SendGrid:FromEmail"] = "alerts@creator-platform.example",
        ["SendGrid:ReplyTo"] = "support@creator-platform.example",
        ["CreatorAuth:Issuer"] = "https://platform.example/identity",
        ["CreatorAuth:Audience"] = "creator-account-health",
        ["CreatorAuth:SigningKeys"] = "a-secret-of-at-least-thirty-two-bytes-0123",
        ["App:PublicBaseUrl"] = "https://account-health.example",
        ["AccountLinks:SigningKeys"] = "a-link-secret-of-at-least-thirty-two-bytes",
        ["Appeals:UrlTemplate"] = "https://platform.example/appeals/{violationId}",
    };

    private static Task<Exception?> StartWith(Action<Dictionary<string, string?>> change)
    {
        var settings = new Dictionary<string, string?>(ValidSettings);
        change(settings);
        return HostStart.TryAsync(settings, (services, configuration) => services.AddCreatorAccountHealth(configuration));
    }

    [Fact]
    public async Task Valid_settings_start()
    {
        Assert.Null(await StartWith(_ => { }));
    }

    [Fact]
    public async Task No_signing_secret_stops_start_up()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove("Webhook:SigningSecrets")));

        Assert.Contains("Webhook__SigningSecrets", error.Message);
    }

    [Fact]
    public async Task An_unresolved_key_vault_reference_as_signing_secret_stops_start_up()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s =>
            s["Webhook:SigningSecrets"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/webhook-signing-secrets/)"));

        Assert.Contains("unresolved Key Vault reference", error.Message);
    }

    [Theory]
    [InlineData("App:PublicBaseUrl", "App__PublicBaseUrl must be the absolute URL")]
    [InlineData("AccountLinks:SigningKeys", "AccountLinks__SigningKeys must list at least one secret")]
    [InlineData("Appeals:UrlTemplate", "Appeals__UrlTemplate must be the platform's appeal URL with {violationId}")]
    public async Task Link_settings_missing_stop_start_up_naming_the_setting(string setting, string expected)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove(setting)));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task Plain_http_links_and_the_sample_link_secret_are_refused_in_production()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s =>
        {
            s["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
            s["App:PublicBaseUrl"] = "http://account-health.example";
        }));
        Assert.Contains("must use https when AZURE_FUNCTIONS_ENVIRONMENT is Production", error.Message);

        var sample = Assert.IsType<OptionsValidationException>(await StartWith(s =>
        {
            s["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
            s["AccountLinks:SigningKeys"] = global::CreatorAccountHealth.Functions.Links.AccountLinkOptions.SampleSigningKey;
        }));
        Assert.Contains("development secret", sample.Message);
        Assert.Equal(
            global::CreatorAccountHealth.Functions.Links.AccountLinkOptions.SampleSigningKey,
            System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestSupport.RepoPaths.Combine("local.settings.sample.json")))
                .RootElement.GetProperty("Values").GetProperty("AccountLinks__SigningKeys").GetString());
    }

    [Fact]
    public async Task No_token_key_at_all_stops_start_up_naming_both_settings()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove("CreatorAuth:SigningKeys")));

        Assert.Contains("CreatorAuth__SigningKeys", error.Message);
        Assert.Contains("CreatorAuth__JwksUri", error.Message);
    }

    [Fact]
    public async Task A_jwks_uri_alone_is_enough()
    {
        Assert.Null(await StartWith(s =>
        {
            s.Remove("CreatorAuth:SigningKeys");
            s["CreatorAuth:JwksUri"] = "https://platform.example/.well-known/jwks.json";
        }));
    }

    [Theory]
    [InlineData("CreatorAuth:Issuer", "CreatorAuth__Issuer")]
    [InlineData("CreatorAuth:Audience", "CreatorAuth__Audience")]
    public async Task A_missing_issuer_or_audience_stops_start_up_naming_it(string setting, string named)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove(setting)));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_signing_key_shorter_than_32_bytes_stops_start_up_even_beside_a_good_one()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s =>
            s["CreatorAuth:SigningKeys"] = "a-secret-of-at-least-thirty-two-bytes-0123,too-short-31-bytes-0123456789"));

        Assert.Contains("secret 2 of 2 is shorter than 32 bytes", error.Message);
        Assert.DoesNotContain("too-short", error.Message);
    }

    [Fact]
    public async Task An_unresolved_key_vault_reference_as_token_secret_stops_start_up()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s =>
            s["CreatorAuth:SigningKeys"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/creator-token-signing-keys/)"));

        Assert.Contains("CreatorAuth__SigningKeys is an unresolved Key Vault reference", error.Message);
    }

    [Fact]
    public async Task The_sample_secret_starts_in_development_and_stops_start_up_in_production()
    {
        var sample = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestSupport.RepoPaths.Combine("local.settings.sample.json")))
            .RootElement.GetProperty("Values").GetProperty("CreatorAuth__SigningKeys").GetString();
        Assert.Equal(global::CreatorAccountHealth.Functions.Identity.CreatorAuthOptions.SampleSigningKey, sample);

        Assert.Null(await StartWith(s => s["CreatorAuth:SigningKeys"] = sample));
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s =>
        {
            s["CreatorAuth:SigningKeys"] = sample;
            s["AZURE_FUNCTIONS_ENVIRONMENT"] = "Production";
        }));
        Assert.Contains("development secret", error.Message);
    }

    [Theory]
    [InlineData("http://platform.example/jwks.json", null)]
    [InlineData("http://127.0.0.1:5000/jwks.json", "Production")]
    [InlineData("ftp://platform.example/jwks.json", null)]
    [InlineData("/jwks.json", null)]
    public async Task A_jwks_uri_that_is_not_https_stops_start_up(string uri, string? environment)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s =>
        {
            s["CreatorAuth:JwksUri"] = uri;
            s["AZURE_FUNCTIONS_ENVIRONMENT"] = environment;
        }));

        Assert.Contains("CreatorAuth__JwksUri", error.Message);
    }

    [Fact]
    public async Task A_loopback_http_jwks_uri_starts_outside_production()
    {
        Assert.Null(await StartWith(s => s["CreatorAuth:JwksUri"] = "http://127.0.0.1:5000/jwks.json"));
    }

    [Theory]
    [InlineData("Quizzes:PassMark", "0", "Quizzes__PassMark")]
    [InlineData("Quizzes:PassMark", "4", "Quizzes__PassMark")]
    [InlineData("Quizzes:AttemptExpiryMinutes", "0", "Quizzes__AttemptExpiryMinutes")]
    public async Task A_quiz_setting_out_of_range_stops_start_up(string key, string value, string named)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s[key] = value));

        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task A_pass_mark_of_one_to_three_starts()
    {
        Assert.Null(await StartWith(s => s["Quizzes:PassMark"] = "1"));
    }

    [Fact]
    public async Task No_cosmos_connection_stops_start_up()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove("CosmosDbConnection")));

        Assert.Contains("CosmosDbConnection", error.Message);
    }

    [Theory]
    [InlineData("ServiceBusConnection")]
    [InlineData("AlertsQueueName")]
    [InlineData("AlertsRepublishSchedule")]
    [InlineData("SendGrid:ApiKey")]
    public async Task Each_required_alert_setting_stops_start_up_when_missing(string setting)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove(setting)));

        Assert.Contains(setting.Replace(":", "__"), error.Message);
    }

    [Theory]
    [InlineData("ReportsQueueName")]
    [InlineData("ReportsSchedule")]
    [InlineData("TrainingEmailsQueueName")]
    [InlineData("TrainingEmailsRepublishSchedule")]
    public async Task Each_required_report_or_training_setting_stops_start_up_when_missing(string setting)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove(setting)));

        Assert.Contains(setting, error.Message);
    }

    [Theory]
    [InlineData("ReportsSchedule", "every monday", "ReportsSchedule")]
    [InlineData("WEBSITE_TIME_ZONE", "Mars/Olympus_Mons", "Mars/Olympus_Mons")]
    [InlineData("Reports:RetentionDays", "0", "Reports__RetentionDays")]
    [InlineData("Reports:CreatorsPerMessage", "0", "Reports__CreatorsPerMessage")]
    public async Task An_invalid_report_setting_stops_start_up_naming_it(string setting, string value, string named)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s[setting] = value));

        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("379")] // what an account keeps with the default rules: a rebuild would miss events it still counts
    public async Task An_event_retention_shorter_than_what_accounts_keep_stops_start_up_naming_it(string days)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s["Events:RetentionDays"] = days));

        Assert.Contains("Events__RetentionDays", error.Message);
    }

    [Fact]
    public async Task A_missing_training_email_queue_stops_start_up_naming_it()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Remove("TrainingEmailsQueueName")));

        Assert.Contains("TrainingEmailsQueueName", error.Message);
    }

    [Fact]
    public async Task A_pending_training_email_schedule_the_host_cannot_read_stops_start_up_naming_it()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s["TrainingEmailsRepublishSchedule"] = "every 5 minutes"));

        Assert.Contains("TrainingEmailsRepublishSchedule", error.Message);
    }

    [Fact]
    public async Task A_negative_registration_deadline_stops_start_up_naming_it()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s["Trainings:RegistrationClosesHoursBeforeStart"] = "-1"));

        Assert.Contains("Trainings__RegistrationClosesHoursBeforeStart", error.Message);
    }

    [Fact]
    public async Task A_repeat_rule_naming_no_milestone_stops_start_up()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s["Standing:RepeatViolationMilestone"] = "exile"));

        Assert.Contains("exile", error.Message);
    }

    [Fact]
    public async Task A_missing_or_invalid_catalog_stops_start_up()
    {
        var invalid = Path.GetTempFileName();
        await File.WriteAllTextAsync(invalid, """{"policies":[{"code":"x"}]}""");
        try
        {
            var missing = Assert.IsType<PolicyCatalogException>(await StartWith(s => s["Policies:CatalogPath"] = "/nowhere/catalog.json"));
            var broken = Assert.IsType<PolicyCatalogException>(await StartWith(s => s["Policies:CatalogPath"] = invalid));

            Assert.Contains("/nowhere/catalog.json", missing.Message);
            Assert.Contains("policies[0] (x).title is required.", broken.Problems);
        }
        finally
        {
            File.Delete(invalid);
        }
    }
}
