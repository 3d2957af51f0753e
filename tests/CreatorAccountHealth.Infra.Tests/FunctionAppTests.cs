using System.Reflection;
using CreatorAccountHealth.Functions.Webhooks;
using CreatorAccountHealth.Infra.Tests.Arm;
using Microsoft.Azure.Functions.Worker;

namespace CreatorAccountHealth.Infra.Tests;

[Collection(InfraCollection.Name)]
public class FunctionAppTests(InfraTemplate infra)
{
    /// <summary>Settings Flex Consumption rejects or that would bring back a key-based connection.</summary>
    private static readonly string[] ForbiddenSettings =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "AzureWebJobsStorage", "APPINSIGHTS_INSTRUMENTATIONKEY",
    ];

    [Fact]
    public void The_app_runs_on_Flex_Consumption_with_the_isolated_worker_and_the_codes_target_framework()
    {
        var plan = Assert.Single(infra.Resources("Microsoft.Web/serverfarms"));
        var sku = (Dictionary<string, object?>)plan.Body["sku"]!;
        Assert.Equal("FC1", sku["name"]);
        Assert.Equal("FlexConsumption", sku["tier"]);

        var site = Assert.Single(infra.Resources("Microsoft.Web/sites"));
        var config = Object(site.Properties, "functionAppConfig");
        var runtime = Object(config, "runtime");
        Assert.Equal("dotnet-isolated", runtime["name"]);
        Assert.Equal(TheCode.DotnetVersion, runtime["version"]);

        var storage = Object(Object(config, "deployment"), "storage");
        Assert.Equal("blobContainer", storage["type"]);
        Assert.Equal("UserAssignedIdentity", Object(storage, "authentication")["type"]);
        Assert.Equal(true, site.Properties["httpsOnly"]);
    }

    [Fact]
    public void No_setting_Flex_Consumption_rejects_or_that_needs_a_key()
    {
        var present = ForbiddenSettings.Intersect(infra.AppSettings.Keys, StringComparer.OrdinalIgnoreCase).ToList();

        Assert.Empty(present);
    }

    [Fact]
    public void Outputs_are_the_app_url_and_the_webhook_endpoint_on_the_webhook_functions_route()
    {
        var webhook = typeof(PlatformWebhookFunction).GetMethods()
            .Single(m => m.GetCustomAttribute<FunctionAttribute>() is not null).GetCustomAttribute<FunctionAttribute>()!.Name;
        var route = TheCode.Trigger(webhook).GetProperty("route").GetString();

        var url = ArmValues.Render(infra.Deployment.Outputs["functionAppUrl"]);
        Assert.StartsWith("https://«reference(resourceId(Microsoft.Web/sites, ", url);
        Assert.EndsWith(".defaultHostName»", url);
        Assert.Equal($"{url}/{TheCode.RoutePrefix}/{route}", infra.Deployment.Outputs["webhookUrl"]);
    }

    private static Dictionary<string, object?> Object(Dictionary<string, object?> parent, string name) =>
        Assert.IsType<Dictionary<string, object?>>(parent.GetValueOrDefault(name));
}
