using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using CreatorAccountHealth.TestSupport;
using CreatorAccountHealth.TestSupport.Browser;
using Xunit.Abstractions;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>
/// Opens rendered training emails in the headless browser: the HTML must parse into a page with the workshop's details
/// and no script, and pass axe-core's WCAG 2.2 AA rules. HTML, text, .ics and screenshots are kept in
/// artifacts/screenshots/emails.
/// </summary>
public sealed class TrainingEmailBrowserTests(ITestOutputHelper output)
{
    private static readonly CalendarPerson Organizer = new("trainings@creator-platform.example", "Creator Account Health");
    private readonly TrainingEmailRenderer renderer = new();

    [Theory]
    [InlineData(TrainingEmailKind.Invitation)]
    [InlineData(TrainingEmailKind.Cancelled)]
    public async Task The_training_email_renders_in_a_browser_with_its_content(TrainingEmailKind kind)
    {
        var email = renderer.Render(SampleTrainings.Message(kind), SampleTrainings.Profile(), Organizer, Links.EmailLinkAssertions.For(SampleTrainings.CreatorId, Domain.Notifications.EmailKind.Workshop));
        var name = "training-" + TrainingEmailModel.KindName(kind);
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output, width: 800, height: 1400);
        await tab.Page.GotoAsync(WriteArtifacts(name, email).AbsoluteUri);

        var screenshot = await tab.ScreenshotAsync(name);
        var dom = await tab.Page.ContentAsync();

        Assert.True(new FileInfo(screenshot).Length > 20_000, $"The screenshot looks blank: {screenshot}");
        Assert.Contains("Selling live, safely", dom);
        Assert.Contains("Saturday, 20 March 2027, 10:00 to 16:00 CET", dom);
        Assert.Contains("Creator Space, Torstraße 1", dom);
        Assert.Contains(">Open it in your Account Standing</a>", dom);
        Assert.Contains(">Email preferences</a>", dom);
        Assert.DoesNotContain("Unsubscribe", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        await tab.AssertAccessibleAsync($"the training {TrainingEmailModel.KindName(kind)} email");
    }

    [Fact]
    public async Task A_hostile_workshop_title_stays_text_in_the_browser()
    {
        const string title = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        var email = renderer.Render(SampleTrainings.Message(training: SampleTrainings.Berlin(title: title)), SampleTrainings.Profile(), Organizer);
        await using var tab = await SharedBrowser.OpenTabAsync("emails", output);
        await tab.Page.GotoAsync(WriteArtifacts("training-hostile-title", email).AbsoluteUri);

        var dom = await tab.Page.ContentAsync();

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", dom);
        Assert.NotEqual("pwned", await tab.Page.TitleAsync());
    }

    private static Uri WriteArtifacts(string name, TrainingEmail email)
    {
        var directory = TestArtifacts.ScreenshotDirectory("emails");
        File.WriteAllText(Path.Combine(directory, name + ".txt"), email.Text);
        File.WriteAllBytes(Path.Combine(directory, name + ".ics"), email.Calendar.Content.ToArray());
        var html = Path.Combine(directory, name + ".html");
        File.WriteAllText(html, email.Html);
        return new Uri(html);
    }
}
