using System.Xml;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Infra.Tests.Arm;
using CreatorAccountHealth.LocalRuntime.ServiceBus;
using Cronos;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>Every queue the code sends to or triggers on exists, with the delivery contract the code is written against (docs/service-bus.md).</summary>
[Collection(InfraCollection.Name)]
public class ServiceBusTests(InfraTemplate infra)
{
    /// <summary>The floor docs/service-bus.md sets for the duplicate detection window.</summary>
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromMinutes(10);

    public static TheoryData<string> QueuesInCode => new(TheCode.Queues.Select(q => q.ToString()));

    [Theory]
    [MemberData(nameof(QueuesInCode))]
    public void Each_queue_the_code_uses_exists_with_the_delivery_contract_the_code_relies_on(string queue)
    {
        var requirement = TheCode.Queues.Single(q => q.ToString() == queue);
        var name = requirement.Literal ?? SettingValue(requirement.Setting!);

        var declared = Queues().Where(q => q.ShortName == name).ToList();
        Assert.True(declared.Count == 1, $"{requirement}: no queue '{name}' in infra/ (declared: {string.Join(", ", Queues().Select(q => q.ShortName))})");
        var properties = declared[0].Properties;

        // Senders use deterministic MessageIds (alert ids; report run, shard and page): duplicate detection drops a resend.
        Assert.True(properties.GetValueOrDefault("requiresDuplicateDetection") is true, $"'{name}': requiresDuplicateDetection must be true");
        var window = XmlConvert.ToTimeSpan((string)properties["duplicateDetectionHistoryTimeWindow"]!);
        Assert.True(window >= RequiredWindow(), $"'{name}': duplicate detection window {window} is shorter than {RequiredWindow()} (10 minutes, and the republish timer's longest gap plus its grace)");

        // Handlers abandon on transient failures and count on redelivery; the local runtime's in-process queue (what
        // the tests exercise) dead-letters after the same number of deliveries.
        Assert.Equal((long)new LocalServiceBusOptions().MaxDeliveryCount, properties["maxDeliveryCount"]);
        Assert.True(properties.GetValueOrDefault("deadLetteringOnMessageExpiration") is true, $"'{name}': an expired message must be dead-lettered, never dropped");
        Assert.False(properties.GetValueOrDefault("requiresSession") is true, $"'{name}': the triggers are not session-enabled");
    }

    [Fact]
    public void Infra_declares_no_queue_the_code_does_not_use()
    {
        var used = TheCode.Queues.Select(q => q.Literal ?? SettingValue(q.Setting!));

        Assert.Empty(Queues().Select(q => q.ShortName).Except(used));
    }

    [Fact]
    public void The_namespace_takes_Entra_ID_only_on_a_tier_with_duplicate_detection()
    {
        var ns = Assert.Single(infra.Resources("Microsoft.ServiceBus/namespaces"));

        Assert.Equal(true, ns.Properties["disableLocalAuth"]);
        Assert.NotEqual("Basic", ((Dictionary<string, object?>)ns.Body["sku"]!)["name"]); // Basic has no duplicate detection
    }

    /// <summary>
    /// RepublishAlerts (and RepublishTrainingEmails) resend an entry once it is older than the timer's grace, on the next
    /// timer run: a copy of a message that did get through arrives at most one schedule gap plus the grace later.
    /// </summary>
    private TimeSpan RequiredWindow()
    {
        var needed = new[]
        {
            LongestGap(AlertOptions.RepublishScheduleSetting) + RepublishAlertsFunction.Grace.ToTimeSpan(),
            LongestGap(TrainingOptions.RepublishScheduleSetting) + RepublishTrainingEmailsFunction.Grace.ToTimeSpan(),
        }.Max();
        return needed > MinimumWindow ? needed : MinimumWindow;
    }

    private TimeSpan LongestGap(string scheduleSetting)
    {
        var schedule = CronExpression.Parse(SettingValue(scheduleSetting), CronFormat.IncludeSeconds);
        var from = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var occurrences = schedule.GetOccurrences(from, from.AddDays(8)).Take(20_000).ToList();
        return occurrences.Zip(occurrences.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.FromDays(7)).Max();
    }

    private IEnumerable<ArmResource> Queues() => infra.Resources("Microsoft.ServiceBus/namespaces/queues");

    private string SettingValue(string setting) =>
        infra.AppSettings.TryGetValue(setting, out var value) && value is string text && !ArmValues.ContainsUnknown(text)
            ? text
            : throw new Xunit.Sdk.XunitException($"App setting {setting} is missing from infra/ or not a literal: {ArmValues.Render(value)}");
}
