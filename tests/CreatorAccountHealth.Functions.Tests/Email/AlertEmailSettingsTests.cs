using CreatorAccountHealth.Functions.Email;
using Microsoft.Extensions.Options;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>SendGrid settings are checked at start-up, every problem named by its setting.</summary>
public sealed class AlertEmailSettingsTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["SendGrid:ApiKey"] = "SG.key",
        ["SendGrid:FromEmail"] = "alerts@creator-platform.example",
        ["SendGrid:ReplyTo"] = "creator-support@creator-platform.example",
    };

    [Fact]
    public async Task Valid_settings_start()
    {
        Assert.Null(await StartWith(_ => { }));
    }

    [Fact]
    public async Task Missing_settings_stop_start_up_naming_each_one()
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s.Clear()));

        Assert.Contains("SendGrid__ApiKey", error.Message);
        Assert.Contains("SendGrid__FromEmail", error.Message);
        Assert.Contains("SendGrid__ReplyTo", error.Message);
    }

    [Theory]
    [InlineData("SendGrid:FromEmail", "not an address", "SendGrid__FromEmail")]
    [InlineData("SendGrid:ReplyTo", "Support <support@example.com>", "SendGrid__ReplyTo")]
    [InlineData("SendGrid:Host", "127.0.0.1:5005", "SendGrid__Host")]
    [InlineData("SendGrid:Host", "ftp://example.com", "SendGrid__Host")]
    [InlineData("SendGrid:ApiKey", "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sendgrid-api-key/)", "SendGrid__ApiKey")]
    public async Task Invalid_settings_stop_start_up(string key, string value, string named)
    {
        var error = Assert.IsType<OptionsValidationException>(await StartWith(s => s[key] = value));

        Assert.Contains(named, error.Message);
    }

    private static Task<Exception?> StartWith(Action<Dictionary<string, string?>> change)
    {
        var settings = new Dictionary<string, string?>(Valid);
        change(settings);
        return HostStart.TryAsync(settings, (services, configuration) => services.AddAlertEmails(configuration));
    }
}
