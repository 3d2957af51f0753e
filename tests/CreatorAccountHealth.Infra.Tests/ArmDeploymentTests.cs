using System.Text.Json;
using CreatorAccountHealth.Infra.Tests.Arm;

namespace CreatorAccountHealth.Infra.Tests;

/// <summary>The offline evaluator the other tests read the template through.</summary>
public class ArmDeploymentTests
{
    [Fact]
    public void Parameters_variables_loops_and_module_outputs_evaluate()
    {
        var deployment = Deploy("""
            {
              "parameters": { "env": { "type": "string" }, "prefix": { "type": "string", "defaultValue": "[format('app-{0}', parameters('env'))]" } },
              "variables": { "queues": { "B": "b-queue", "A": "a-queue" }, "settings": "[union(variables('queues'), createObject('X', parameters('prefix')))]" },
              "resources": [
                { "copy": { "name": "q", "count": "[length(items(variables('queues')))]" }, "type": "T/queues",
                  "name": "[format('{0}/{1}', parameters('prefix'), items(variables('queues'))[copyIndex()].value)]",
                  "properties": { "copy": [ { "name": "tags", "count": 2, "input": "[copyIndex('tags', 1)]" } ] } },
                { "condition": "[empty(parameters('env'))]", "type": "T/never", "name": "x" },
                { "type": "Microsoft.Resources/deployments", "name": "child", "properties": {
                    "expressionEvaluationOptions": { "scope": "inner" },
                    "parameters": { "name": { "value": "[variables('settings').X]" } },
                    "template": { "parameters": { "name": { "type": "string" } },
                      "resources": [ { "type": "T/site", "name": "[parameters('name')]", "properties": { "host": "[reference(resourceId('T/site', parameters('name'))).host]" } } ],
                      "outputs": { "url": { "type": "string", "value": "[format('https://{0}/', reference(resourceId('T/site', parameters('name'))).host)]" } } } } }
              ],
              "outputs": { "url": { "type": "string", "value": "[concat(reference(resourceId('Microsoft.Resources/deployments', 'child')).outputs.url.value, 'api')]" } }
            }
            """, new() { ["env"] = "prod" });

        Assert.Equal(["app-prod/a-queue", "app-prod/b-queue"], deployment.Resources.Where(r => r.Type == "T/queues").Select(r => r.Name));
        Assert.Equal(new List<object?> { 1L, 2L }, deployment.Resources[0].Properties["tags"]);
        Assert.DoesNotContain(deployment.AllResources(), r => r.Type == "T/never");
        Assert.Equal("app-prod", deployment.AllResources().Single(r => r.Type == "T/site").Name);
        Assert.Equal("https://«reference(resourceId(T/site, app-prod)).host»/api", deployment.Outputs["url"]);
    }

    [Fact]
    public void What_only_Azure_knows_stays_unknown_and_taints_what_is_built_from_it()
    {
        var deployment = Deploy("""{ "variables": { "name": "[take(format('st{0}', uniqueString(resourceGroup().id)), 24)]" } }""", []);

        Assert.Equal(new Unknown("take(st«uniqueString(resourceGroup().id)», 24)"), deployment.Variable("name"));
    }

    [Fact]
    public void An_unsupported_function_fails_instead_of_guessing()
    {
        var deployment = Deploy("""{ "variables": { "x": "[dateTimeAdd('2026-01-01', 'P1D')]" } }""", []);

        Assert.Throws<NotSupportedException>(() => deployment.Variable("x"));
    }

    [Theory]
    [InlineData("[[literal]", "[literal]")]
    [InlineData("['it''s']", "it's")]
    [InlineData("[format('{0}{{x}}', 'a')]", "a{x}")]
    public void Strings_and_escapes(string expression, string expected)
    {
        Assert.Equal(expected, Deploy("{}", []).Evaluate(expression));
    }

    private static ArmDeployment Deploy(string template, Dictionary<string, object?> parameters) =>
        ArmDeployment.Create(JsonDocument.Parse(template).RootElement.Clone(), parameters);
}
