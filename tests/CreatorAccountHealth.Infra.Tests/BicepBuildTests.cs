namespace CreatorAccountHealth.Infra.Tests;

[Collection(InfraCollection.Name)]
public class BicepBuildTests(InfraTemplate infra)
{
    [Fact]
    public void Main_bicep_its_modules_and_the_parameters_file_lint_clean()
    {
        // Building already failed the fixture on any error; the linter's warnings count as failures too.
        Assert.True(infra.LintFindings.Count == 0, "bicep lint:\n" + string.Join('\n', infra.LintFindings));
    }

    [Fact]
    public void The_template_deploys_one_module_per_resource_family()
    {
        var modules = infra.Deployment.Resources.Where(r => r.Module is not null).Select(r => r.Name).Order();

        Assert.Equal(["alerts", "cosmos", "functionapp", "identity", "keyvault", "monitoring", "servicebus", "storage"], modules);
    }
}
