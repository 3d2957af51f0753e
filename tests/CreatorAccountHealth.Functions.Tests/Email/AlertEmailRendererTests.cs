using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Standing;

namespace CreatorAccountHealth.Functions.Tests.Email;

public sealed class AlertEmailRendererTests
{
    private readonly AlertEmailRenderer renderer = new();

    [Fact]
    public void Subjects_say_what_happened()
    {
        Assert.Equal("You've reached a formal warning", renderer.Render(SampleAlerts.Reached(), SampleAlerts.Profile()).Subject);
        Assert.Equal("You're 2 points from a 7-day suspension", renderer.Render(SampleAlerts.Approaching(), SampleAlerts.Profile()).Subject);
        Assert.Equal(
            "You're 1 point from a 7-day suspension",
            renderer.Render(SampleAlerts.Approaching() with { ActivePoints = 23, PointsAway = 1 }, SampleAlerts.Profile()).Subject);
    }

    [Fact]
    public void Both_parts_carry_what_happened_why_and_what_to_do()
    {
        var email = renderer.Render(SampleAlerts.Reached(), SampleAlerts.Profile());

        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.Contains("Formal warning", body);
            Assert.Contains("A formal warning on your account. No features are restricted yet.", body);
            Assert.Contains("12 points", body);
            Assert.Contains("Dangerous acts in livestreams", body);
            Assert.Contains("LIVE", body);
            Assert.Contains("10 points", body);
            Assert.Contains("https://academy.creator-platform.example/policies/dangerous-acts", body);
            Assert.Contains("https://academy.creator-platform.example/videos/dangerous-acts", body);
            Assert.Contains(email.AlertId, body);
        }
    }

    [Fact]
    public void Quiz_deadlines_are_the_last_local_day_before_the_window_closes()
    {
        // Issued 2 February and 20 January: quizzes close at the start of 1 April and 1 March, London time (BST from
        // 28 March, so 1 April starts at 23:00 UTC on 31 March).
        var email = renderer.Render(SampleAlerts.Reached(), SampleAlerts.Profile(timeZone: "Europe/London"));

        Assert.Contains("Last day to take it: Wednesday, 31 March 2027", email.Html);
        Assert.Contains("Last day to take it: Sunday, 28 February 2027", email.Html);
        Assert.Contains("last day to take it Wednesday, 31 March 2027", email.Text);
    }

    [Fact]
    public void Expiry_dates_are_in_the_creators_time_zone()
    {
        // Points issued 2 February 14:00 UTC expire 90 days later: 3 May 14:00 UTC, which is already 4 May in Auckland.
        var auckland = renderer.Render(SampleAlerts.Reached(zone: "Pacific/Auckland"), SampleAlerts.Profile(timeZone: "Pacific/Auckland"));
        var utc = renderer.Render(SampleAlerts.Reached(zone: null), SampleAlerts.Profile(timeZone: null));

        Assert.Contains("Points expire on Tuesday, 4 May 2027", auckland.Html);
        Assert.Contains("Dates are shown in Pacific/Auckland.", auckland.Text);
        Assert.Contains("Points expire on Monday, 3 May 2027", utc.Html);
        Assert.Contains("Dates are shown in UTC.", utc.Text);
    }

    [Fact]
    public void An_unknown_time_zone_falls_back_to_UTC()
    {
        var email = renderer.Render(SampleAlerts.Reached(zone: null), SampleAlerts.Profile(timeZone: "Mars/Olympus_Mons"));

        Assert.Contains("Points expire on Monday, 3 May 2027", email.Html);
        Assert.Contains("Dates are shown in UTC.", email.Html);
    }

    [Fact]
    public void Every_value_from_outside_is_escaped_in_the_html_and_left_alone_in_the_text()
    {
        var alert = SampleAlerts.Reached() with
        {
            AlertId = "alert-<id>",
            Milestone = new MilestoneView("formal-warning", "<i>Warning</i>", 12, "Enforcement & <b>more</b>"),
            CausedBy = [SampleAlerts.Violation("v-1", "x", "<b>Bold</b> & \"quoted\"", 12, SampleAlerts.FirstIssuedAt, "<svg>")],
            Quizzes = [new AlertQuizView("v-1", "x", "<u>Quiz</u>", "x", SampleAlerts.FirstIssuedAt)],
            Education = [new PolicyEducationView("x", "<em>Learn</em>", new Uri("https://academy.example/a?x=1&y=\"2\""), null, null)],
        };

        var email = renderer.Render(alert, SampleAlerts.Profile(displayName: "<script>alert(1)</script>"));

        foreach (var tag in new[] { "<i>", "<b>", "<u>", "<em>", "<svg", "<script", "<id>" })
        {
            Assert.DoesNotContain(tag, email.Html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("&lt;i&gt;Warning&lt;/i&gt;", email.Html);
        Assert.Contains("Enforcement &amp; &lt;b&gt;more&lt;/b&gt;", email.Html);
        Assert.Contains("&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;", email.Html);
        Assert.Contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;,", email.Html);
        Assert.Contains("href=\"https://academy.example/a?x=1&amp;y=%222%22\"", email.Html);
        Assert.Contains("Reference: alert-&lt;id&gt;", email.Html);

        Assert.Contains("Hi <script>alert(1)</script>,", email.Text);
        Assert.Contains("<b>Bold</b> & \"quoted\"", email.Text);
    }

    [Fact]
    public void Non_ASCII_names_stay_readable()
    {
        var email = renderer.Render(SampleAlerts.Reached(), SampleAlerts.Profile(displayName: "Zoë Ångström 王芳"));

        Assert.Contains("Hi Zoë Ångström 王芳,", email.Html);
        Assert.Contains("Hi Zoë Ångström 王芳,", email.Text);
    }

    [Fact]
    public void Only_http_links_are_offered()
    {
        var alert = SampleAlerts.Reached() with
        {
            Education = [new PolicyEducationView("x", "Policy", new Uri("javascript:alert(1)"), new Uri("https://academy.example/video"), new Uri("data:text/html,hi"))],
        };

        var email = renderer.Render(alert, SampleAlerts.Profile());

        Assert.DoesNotContain("javascript:", email.Html);
        Assert.DoesNotContain("data:", email.Html);
        Assert.Contains("href=\"https://academy.example/video\"", email.Html);
        Assert.DoesNotContain("Read the article", email.Html);
    }

    [Fact]
    public void A_milestone_reached_by_repeat_violations_names_the_policy()
    {
        var alert = SampleAlerts.Reached() with { ReachedBy = MilestoneReason.RepeatViolations, RepeatedPolicyCode = "dangerous-acts" };

        var email = renderer.Render(alert, SampleAlerts.Profile());

        Assert.Contains("You've broken the <strong>Dangerous acts in livestreams</strong> policy repeatedly", email.Html);
        Assert.Contains("You've broken the Dangerous acts in livestreams policy repeatedly", email.Text);
    }

    [Fact]
    public void Sections_with_nothing_to_show_are_left_out()
    {
        var alert = SampleAlerts.Approaching() with { Quizzes = [], PointsExpiring = [], Education = [] };

        var email = renderer.Render(alert, SampleAlerts.Profile());

        foreach (var body in new[] { email.Html, email.Text })
        {
            Assert.DoesNotContain("quiz", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("When your points expire", body);
            Assert.DoesNotContain("Learn the policies", body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Think a violation is a mistake?", body);
        }
    }

    [Theory]
    [InlineData(AlertKind.Reached, "milestone-alert-reached")]
    [InlineData(AlertKind.Approaching, "milestone-alert-approaching")]
    public void Each_kind_has_its_own_category(AlertKind kind, string category)
    {
        var alert = kind == AlertKind.Reached ? SampleAlerts.Reached() : SampleAlerts.Approaching();

        Assert.Equal(category, renderer.Render(alert, SampleAlerts.Profile()).Category);
    }
}
