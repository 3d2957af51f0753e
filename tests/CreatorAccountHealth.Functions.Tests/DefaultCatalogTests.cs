using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Functions.Policies;

namespace CreatorAccountHealth.Functions.Tests;

/// <summary>The catalog the app ships is the one it validates at start-up; these pin what the product promises of it.</summary>
public class DefaultCatalogTests
{
    private static readonly PolicyCatalog Catalog = new PolicyCatalogOptions().Load();

    [Fact]
    public void It_covers_at_least_twelve_policies_across_every_severity()
    {
        Assert.True(Catalog.Policies.Count >= 12);
        Assert.Equal(Enum.GetValues<Severity>().Order(), Catalog.Policies.Select(p => p.Severity).Distinct().Order());
    }

    [Theory]
    [InlineData("misleading-product-claims")]
    [InlineData("prohibited-products")]
    [InlineData("intellectual-property-infringement")]
    [InlineData("off-platform-transactions")]
    [InlineData("harassment-and-bullying")]
    [InlineData("dangerous-acts")]
    [InlineData("minor-safety")]
    [InlineData("spam-engagement-manipulation")]
    public void It_has_the_policies_a_social_commerce_platform_needs(string code) => Assert.True(Catalog.TryGet(code, out _));

    [Fact]
    public void Points_rise_with_severity_and_reach_forty_eight()
    {
        var bySeverity = Catalog.Policies.GroupBy(p => p.Severity).OrderBy(g => g.Key).ToList();
        for (var i = 1; i < bySeverity.Count; i++)
        {
            Assert.True(bySeverity[i].Min(p => p.Points) > bySeverity[i - 1].Max(p => p.Points), $"{bySeverity[i].Key} overlaps {bySeverity[i - 1].Key}");
        }

        Assert.Equal(48, Catalog.Policies.Max(p => p.Points));
    }
}
