using System.Text.Json;
using System.Text.RegularExpressions;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>host.json's Service Bus settings against what the code and infra/ assume of them.</summary>
public partial class HostJsonTests
{
    /// <summary>The agreed SendGrid send rate a run may use (docs/architecture.md, "SendGrid": ~1 M emails in an hour).</summary>
    private const double AgreedSendGridRatePerSecond = 280;

    /// <summary>What one Service Bus call sends while it runs: a report page ~3 emails/s (~0.35 s a creator), an alert or workshop email ~3/s.</summary>
    private const double SendsPerSecondPerCall = 3;

    private static JsonElement ServiceBus()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("host.json")));
        return host.RootElement.GetProperty("extensions").GetProperty("serviceBus").Clone();
    }

    [Fact]
    public void The_lock_is_renewed_for_longer_than_the_longest_page_plus_one_send()
    {
        var renewal = TimeSpan.Parse(ServiceBus().GetProperty("maxAutoLockRenewalDuration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        // The budget is checked only between creators, so a page can overrun it by one creator's email (at most a lease).
        var longestPage = ReportOptions.MaxPageTimeBudget + EmailDelivery.Lease.ToTimeSpan();
        Assert.True(renewal > longestPage, $"maxAutoLockRenewalDuration {renewal} must exceed the longest page, {longestPage}.");
        Assert.True(new ReportOptions().PageTimeBudget <= ReportOptions.MaxPageTimeBudget);
    }

    [Fact]
    public void Concurrent_calls_across_the_largest_scale_out_stay_within_the_agreed_SendGrid_rate()
    {
        var calls = ServiceBus().GetProperty("maxConcurrentCalls").GetInt32();
        var instances = int.Parse(MaximumInstanceCount().Match(File.ReadAllText(RepoPaths.Combine("infra", "main.bicep"))).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(calls * instances * SendsPerSecondPerCall, AgreedSendGridRatePerSecond / 2, AgreedSendGridRatePerSecond);
    }

    [GeneratedRegex(@"param maximumInstanceCount int = (\d+)")]
    private static partial Regex MaximumInstanceCount();
}
