using CreatorAccountHealth.Functions.Tests.Browser;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>
/// Opens rendered training emails in headless Chromium: the HTML must parse into a page with the workshop's details and
/// no script. HTML, text, .ics and screenshots are kept under the test project's bin/&lt;configuration&gt;/net10.0/artifacts/email.
/// </summary>
public sealed class TrainingEmailBrowserTests
{
    private static readonly CalendarPerson Organizer = new("trainings@creator-platform.example", "Creator Account Health");
    private readonly TrainingEmailRenderer renderer = new();

    private static string ArtifactsDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts", "email");

    [Theory]
    [InlineData(TrainingEmailKind.Invitation)]
    [InlineData(TrainingEmailKind.Cancelled)]
    public async Task The_training_email_renders_in_a_browser_with_its_content(TrainingEmailKind kind)
    {
        var email = renderer.Render(SampleTrainings.Message(kind), SampleTrainings.Profile(), Organizer, Links.EmailLinkAssertions.For(SampleTrainings.CreatorId, Domain.Notifications.EmailKind.Workshop));
        var name = "training-" + TrainingEmailModel.KindName(kind);
        var page = WriteArtifacts(name, email);
        var screenshot = Path.Combine(ArtifactsDirectory, name + ".png");

        var png = await Chromium.ScreenshotAsync(page, screenshot, 800, 1400);
        var dom = await Chromium.DumpDomAsync(page);

        Assert.True(png.Length > 20_000, $"The {png.Length}-byte screenshot looks blank: {screenshot}");
        Assert.Contains("Selling live, safely", dom);
        Assert.Contains("Saturday, 20 March 2027, 10:00 to 16:00 CET", dom);
        Assert.Contains("Creator Space, Torstraße 1", dom);
        Assert.Contains(">Open it in your Account Standing</a>", dom);
        Assert.Contains(">Email preferences</a>", dom);
        Assert.DoesNotContain("Unsubscribe", dom);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_hostile_workshop_title_stays_text_in_the_browser()
    {
        const string title = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>";
        var email = renderer.Render(SampleTrainings.Message(training: SampleTrainings.Berlin(title: title)), SampleTrainings.Profile(), Organizer);
        var page = WriteArtifacts("training-hostile-title", email);

        var dom = await Chromium.DumpDomAsync(page);

        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", dom);
        Assert.DoesNotContain("<title>pwned</title>", dom);
    }

    private static Uri WriteArtifacts(string name, TrainingEmail email)
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        File.WriteAllText(Path.Combine(ArtifactsDirectory, name + ".txt"), email.Text);
        File.WriteAllBytes(Path.Combine(ArtifactsDirectory, name + ".ics"), email.Calendar.Content.ToArray());
        var html = Path.Combine(ArtifactsDirectory, name + ".html");
        File.WriteAllText(html, email.Html);
        return new Uri(html);
    }
}
