using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Domain.Reports;
using CreatorAccountHealth.Domain.Standing;
using CreatorAccountHealth.Domain.Time;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Reports.Rendering;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Reports.Rendering;

public sealed class WeeklyReportRendererTests
{
    private readonly WeeklyReportRenderer renderer = new();

    private (string Html, string Text) Render(WeeklyReport report, string displayName = SampleReports.DisplayName) =>
        (renderer.RenderHtml(report, SampleReports.Profile(displayName)), renderer.RenderEmail(report, SampleReports.Profile(displayName)).Text);

    private static IEnumerable<string> Both((string Html, string Text) email) => [email.Html, email.Text];

    [Fact]
    public void Subjects_lead_with_the_alert_or_else_the_week()
    {
        var busy = SampleReports.Busy();
        var noAlert = busy with { Standing = busy.Standing with { Alert = null } };

        Assert.Equal("Your weekly account health report: you've reached a formal warning", renderer.RenderEmail(busy, SampleReports.Profile()).Subject);
        Assert.Equal("Your weekly account health report: you're 2 points from a formal warning", renderer.RenderEmail(SampleReports.Quiet(), SampleReports.Profile()).Subject);
        Assert.Equal("Your weekly account health report: 6 violations, 16–22 November 2026", renderer.RenderEmail(noAlert, SampleReports.Profile()).Subject);
        Assert.Equal("Your weekly account health report: no violations, 16–22 November 2026", renderer.RenderEmail(SampleReports.Clean(), SampleReports.Profile()).Subject);
    }

    [Theory]
    [InlineData(2026, 11, 16, 2026, 11, 22, "16–22 November 2026")]
    [InlineData(2026, 11, 26, 2026, 12, 2, "26 November – 2 December 2026")]
    [InlineData(2026, 12, 28, 2027, 1, 3, "28 December 2026 – 3 January 2027")]
    public void Periods_name_each_month_and_year_once(int y1, int m1, int d1, int y2, int m2, int d2, string expected) =>
        Assert.Equal(expected, CreatorCulture.Default.Period(new ReportPeriod(new LocalDate(y1, m1, d1), new LocalDate(y2, m2, d2), DateTimeZone.Utc)));

    [Fact]
    public void The_week_shows_totals_and_the_trend_against_the_week_before()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Contains("Your week: 16–22 November 2026", html);
        Assert.Contains("Violations: 6 (up 5 from 1)", text);
        Assert.Contains("Points issued: 17 (up 16 from 1)", text);
        Assert.Contains("Notices: 1", text);
        Assert.Contains(">Up 5 from 1<", html);
        Assert.Contains(">17<", html);
        foreach (var body in new[] { html, text })
        {
            Assert.Contains("The week before (9–15 November 2026): 1 violation, 1 point.", body);
        }
    }

    [Fact]
    public void A_falling_count_reads_down()
    {
        var (html, text) = Render(SampleReports.Quiet());

        Assert.Contains("Violations: 0 (down 1 from 1)", text);
        Assert.Contains("Points issued: 0 (down 10 from 10)", text);
        Assert.Contains("#067647;\">Down 1 from 1<", html);
    }

    [Fact]
    public void Violations_are_grouped_by_surface_then_policy_with_each_violation_listed()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Contains(
            """
            LIVE: 3 violations, 5 points
            - Pre-recorded or static livestreams: 2 violations, 4 points
                Thu 19 Nov, livestream-v-4, 2 points: "Replayed last week's stream as live."
                Fri 20 Nov, livestream-v-5, 2 points
            - Unattended livestreams: 1 violation, 1 point
                Tue 17 Nov, livestream-v-3, 1 point

            Video: 3 violations, 12 points
            - Misleading product claims: 2 violations, 8 points
            """,
            text);
        Assert.True(html.IndexOf(">LIVE<", StringComparison.Ordinal) < html.IndexOf(">Video<", StringComparison.Ordinal));
        Assert.Contains("3 violations &middot; 12 points", html);
        Assert.Contains("Thu 19 Nov &middot; livestream-v-4 &middot; 2 points", html);
        Assert.Contains("&ldquo;Replayed last week&#x27;s stream as live.&rdquo;", html);
    }

    [Fact]
    public void Most_frequent_policies_are_ranked_and_ties_share_a_rank()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Contains(
            """
            1. Misleading product claims: 2 times, 8 points
            1. Pre-recorded or static livestreams: 2 times, 4 points
            3. Spam and engagement manipulation: 1 time, 4 points
            3. Unattended livestreams: 1 time, 1 point
            """,
            text);
        Assert.Equal(["1", "1", "3", "3"], System.Text.RegularExpressions.Regex.Matches(html, """<span class="rank"[^>]*>(\d+)</span>""").Select(m => m.Groups[1].Value));
    }

    [Fact]
    public void Only_the_notices_of_the_period_are_shown()
    {
        foreach (var body in Both(Render(SampleReports.Busy())))
        {
            Assert.Contains("Your LIVE was paused", body);
            Assert.Contains("Thu 19 Nov", body);
            Assert.Contains("live-77", body);
            Assert.DoesNotContain("Older notice", body);
        }
    }

    [Fact]
    public void Standing_shows_points_current_and_next_milestones_and_expiry_dates()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Contains("Active points: 22", text);
        Assert.Contains("Current milestone: Formal warning. A formal warning on your account. No features are restricted yet.", text);
        Assert.Contains("Next milestone: 7-day suspension at 24 points, 2 points away", text);
        Assert.Contains("- Sunday, 3 January 2027: -4 points", text);
        Assert.Contains("- Monday, 15 February 2027: -9 points", text);
        Assert.Contains("22 of 24 points", html);
        Assert.Contains("<strong>What it brings now:</strong> A formal warning on your account.", html);
        Assert.Contains("Monday, 15 February 2027</td>", html);
    }

    [Fact]
    public void A_reached_milestone_gets_an_explicit_alert_block()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Contains("MILESTONE REACHED: You've reached a formal warning", text);
        Assert.Contains("You have 22 points active, and a formal warning starts at 12. Another 2 points would bring a 7-day suspension.", text);
        Assert.Contains("Milestone reached</div>", html);
        Assert.Contains("You&#x27;ve reached a formal warning</div>", html);
    }

    [Fact]
    public void An_approaching_milestone_gets_an_explicit_alert_block_with_what_it_brings()
    {
        var (html, text) = Render(SampleReports.Quiet());

        Assert.Contains("APPROACHING A MILESTONE: You're 2 points from a formal warning", text);
        Assert.Contains("Another 2 points would reach it. A formal warning on your account. No features are restricted yet.", text);
        Assert.Contains("Approaching a milestone</div>", html);
    }

    [Fact]
    public void Far_from_milestones_there_is_no_alert_block()
    {
        var (html, text) = Render(SampleReports.Clean());

        Assert.DoesNotContain("class=\"alert\"", html);
        Assert.DoesNotContain("MILESTONE", text);
    }

    [Fact]
    public void A_milestone_reached_by_repeat_violations_names_the_policy()
    {
        var busy = SampleReports.Busy();
        var report = busy with
        {
            Standing = busy.Standing with
            {
                CurrentMilestone = new ReachedMilestone(MilestoneLadder.Default.Highest, MilestoneReason.RepeatViolations, "pre-recorded-livestream"),
                NextMilestone = null,
                PointsToNextMilestone = null,
            },
        };

        var (html, text) = Render(report);

        Assert.Contains("You've broken the Pre-recorded or static livestreams policy repeatedly", text);
        Assert.Contains("Next milestone: none, the highest is reached", text);
        Assert.Contains("None: the highest is reached", html);
    }

    [Fact]
    public void What_to_do_lists_each_policys_education_and_open_quizzes()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Contains(
            """
            Misleading product claims
              Article: https://academy.creator-platform.example/policies/misleading-product-claims
              Video: https://academy.creator-platform.example/videos/misleading-product-claims
              Slides: https://academy.creator-platform.example/slides/misleading-product-claims.pdf
              Quiz open for your violation on Tue 17 Nov (video-v-1), 3 attempts left; last day to take it Thursday, 31 December 2026
            """,
            text);
        Assert.Contains(
            """
            Unattended livestreams
              Article: https://academy.creator-platform.example/policies/unattended-livestream
              Slides: https://academy.creator-platform.example/slides/unattended-livestream.pdf
              Quiz open for your violation from an earlier week, 3 attempts left; last day to take it Thursday, 31 December 2026
            """,
            text);
        Assert.Contains("href=\"https://academy.creator-platform.example/slides/misleading-product-claims.pdf\"", html);
        Assert.Contains("Quiz open</strong> for your violation on Sat 21 Nov (video-v-6)<br>", html);
        Assert.Contains("Last day to take it: Monday, 30 November 2026 &middot; 3 attempts left", html);
    }

    [Fact]
    public void A_week_without_violations_but_with_active_points_says_so()
    {
        var (html, text) = Render(SampleReports.Quiet());

        Assert.Contains(
            "No violations this week. You still have 10 points active from earlier violations. They count towards milestones until they expire (dates below).",
            text);
        Assert.Contains("No violations this week</div>You still have 10 points active", html);
        Assert.Contains("- Monday, 8 February 2027: -10 points", text);
        foreach (var body in new[] { html, text })
        {
            Assert.DoesNotContain("Violations per day", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Most frequent", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("What to do", body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_week_without_violations_or_points_says_there_is_nothing_active()
    {
        var (html, text) = Render(SampleReports.Clean());

        Assert.Contains("No violations this week. And no active points on your account. Keep it up!", text);
        Assert.Contains("Tip: label sponsored videos", html);
        Assert.DoesNotContain("When your points expire", html);
    }

    [Fact]
    public void Dates_are_shown_in_the_reports_time_zone()
    {
        // v-2 was issued Tuesday 17 November 11:30 UTC: already Wednesday 00:30 in Auckland (NZDT, UTC+13).
        var auckland = Render(SampleReports.Busy(zone: "Pacific/Auckland"));
        var utc = Render(SampleReports.Busy(zone: null));

        Assert.Contains("Wed 18 Nov, video-v-2", auckland.Text);
        Assert.Contains("Dates are shown in Pacific/Auckland.", auckland.Text);
        Assert.Contains("Tue 17 Nov, video-v-2", utc.Text);
        Assert.Contains("Dates are shown in UTC.", utc.Html);
    }

    [Fact]
    public void The_chart_has_a_bar_per_day_scaled_to_the_busiest_day()
    {
        var (html, text) = Render(SampleReports.Busy());

        Assert.Equal([0, 96, 0, 32, 32, 32, 0], ReportHtml.BarHeights(html));
        Assert.Contains("title=\"Tuesday, 17 November 2026: 3 violations\"", html);
        Assert.Contains("Mon<br><span style=\"font-weight:600;color:#374151;\">16</span>", html);
        Assert.Contains(
            """
            Mon 16  0
            Tue 17  ### 3
            Wed 18  0
            Thu 19  # 1
            """,
            text);
    }

    [Fact]
    public void Chart_bars_keep_a_visible_height_on_a_lopsided_week()
    {
        var days = Enumerable.Range(16, 7).Select(d => new DayTally(new LocalDate(2026, 11, d), d == 16 ? 40 : d == 17 ? 1 : 0, 0)).ToList();

        Assert.Equal([96, ReportChart.MinBarHeight, 0, 0, 0, 0, 0], ReportChart.Bars(days, CreatorCulture.Default).Select(b => b.BarHeight));
    }

    [Fact]
    public void Every_value_from_outside_is_escaped_in_the_html_and_left_alone_in_the_text()
    {
        var busy = SampleReports.Busy();
        var violation = busy.Violations.Items[0] with { ContentId = "<svg onload=x>", Message = "<b>msg</b>" };
        var report = busy with
        {
            ReportId = "weekly-<id>",
            Violations = busy.Violations with
            {
                Items = [violation],
                BySurface = [new SurfaceGroup(violation.Surface, 1, 4, [new PolicyTally(violation.PolicyCode, "<i>Policy</i> & \"co\"", 1, 4, 1)])],
                MostFrequent = [new PolicyTally(violation.PolicyCode, "<u>Ranked</u>", 1, 4, 1)],
            },
            Notices = [busy.Notices[0] with { Title = "<h1>Title</h1>", Body = "<a href=\"https://evil.example\">body</a>", ContentId = "<em>c</em>" }],
            Standing = busy.Standing with
            {
                CurrentMilestone = new ReachedMilestone(new Milestone("m", "<marquee>Milestone</marquee>", 12, "<blink>Enforced</blink>"), MilestoneReason.Points, null),
            },
            WhatToDo = [new PolicyGuidance("x", "<strong>Learn</strong>", new EducationLinks(new Uri("https://academy.example/a?x=1&y=\"2\""), null, null), [])],
        };

        var (html, text) = Render(report, displayName: "<script>alert(1)</script>");

        foreach (var tag in new[] { "<i>", "<u>", "<h1>Title", "<a href=\"https://evil", "<em>", "<svg", "<b>msg", "<marquee", "<blink", "<strong>Learn", "<script", "<id>" })
        {
            Assert.DoesNotContain(tag, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains("Hi &lt;script&gt;alert(1)&lt;/script&gt;,", html);
        Assert.Contains("&lt;i&gt;Policy&lt;/i&gt; &amp; &quot;co&quot;", html);
        Assert.Contains("&lt;a href=&quot;https://evil.example&quot;&gt;body&lt;/a&gt;", html);
        Assert.Contains("&lt;marquee&gt;Milestone&lt;/marquee&gt;", html);
        Assert.Contains("href=\"https://academy.example/a?x=1&amp;y=%222%22\"", html);
        Assert.Contains("Reference: weekly-&lt;id&gt;", html);

        Assert.Contains("Hi <script>alert(1)</script>,", text);
        Assert.Contains("<i>Policy</i> & \"co\"", text);
        Assert.Contains("<h1>Title</h1>", text);
    }

    [Fact]
    public void Only_http_links_are_offered()
    {
        var busy = SampleReports.Busy();
        var report = busy with
        {
            WhatToDo = [new PolicyGuidance("x", "Policy", new EducationLinks(new Uri("javascript:alert(1)"), new Uri("https://academy.example/video"), new Uri("data:text/html,hi")), [])],
        };

        var (html, _) = Render(report);

        Assert.DoesNotContain("javascript:", html);
        Assert.DoesNotContain("data:", html);
        Assert.Contains("href=\"https://academy.example/video\"", html);
        Assert.DoesNotContain("Read the article", html);
    }

    [Fact]
    public void The_html_has_no_script_and_no_images()
    {
        var (html, _) = Render(SampleReports.Busy());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_greeting_prefers_the_current_profile_then_the_name_in_the_report()
    {
        var report = SampleReports.Busy();

        Assert.Contains("Hi Maya Chen,", renderer.RenderEmail(report, null).Text);
        Assert.Contains("Hi Maya C.,", renderer.RenderEmail(report, SampleReports.Profile("Maya C.")).Text);
        Assert.Contains("Hi,", renderer.RenderEmail(report with { DisplayName = null }, null).Text);
    }

    [Fact]
    public void Non_ASCII_names_stay_readable()
    {
        foreach (var body in Both(Render(SampleReports.Busy(), displayName: "Zoë Ångström 王芳")))
        {
            Assert.Contains("Hi Zoë Ångström 王芳,", body);
        }
    }

    [Fact]
    public void One_point_away_reads_singular()
    {
        var quiet = SampleReports.Quiet();
        var report = quiet with { Standing = quiet.Standing with { Alert = AlertKind.Approaching, PointsToNextMilestone = 1 } };

        Assert.Equal("Your weekly account health report: you're 1 point from a formal warning", renderer.RenderEmail(report, SampleReports.Profile()).Subject);
    }
}
