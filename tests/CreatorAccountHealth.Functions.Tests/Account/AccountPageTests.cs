using AngleSharp.Dom;
using CreatorAccountHealth.Domain.Policies;
using CreatorAccountHealth.Functions.Account;
using CreatorAccountHealth.Functions.Identity;
using CreatorAccountHealth.Functions.Links;
using CreatorAccountHealth.Functions.Reports;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Tests.Reports.Rendering;
using CreatorAccountHealth.Functions.Tests.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Account;

/// <summary>
/// The creator's Account Standing page through the harness (caller gate, anti-forgery check, contract check), against the
/// Cosmos DB protocol server. The harness clock starts at 2026-11-27 12:00 UTC.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class AccountPageTests(CosmosServer cosmos) : IAsyncLifetime
{
    private TrainingHarness trainings = null!;

    private AppHarness app => trainings.App;

    public async Task InitializeAsync() => trainings = await TrainingHarness.StartAsync(cosmos);

    public async Task DisposeAsync() => await trainings.DisposeAsync();

    private async Task Profile(string creator, string? zone = "Europe/London") =>
        Assert.Equal(202, (await app.PostWebhookAsync(Events.CreatorUpserted("evt-profile-" + creator, creator, creator + "@shop.example", "2026-11-01T00:00:00Z", zone))).Status);

    private async Task Violation(string creator, string id, string policy, string issuedAt) =>
        Assert.Equal(202, (await app.PostWebhookAsync(Events.ViolationIssued("evt-" + creator + id, creator, id, policy, issuedAt))).Status);

    [Fact]
    public async Task The_page_shows_where_the_creator_stands_in_their_zone_with_the_ladder_the_expiry_calendar_and_the_repeat_rule()
    {
        await Profile("page-maya");
        await Violation("page-maya", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        await Violation("page-maya", "v2", "misleading-product-claims", "2026-11-25T10:00:00Z");
        await Violation("page-maya", "v3", "misleading-product-claims", "2026-11-26T10:00:00Z");

        var response = await PageClient.Session(app, "page-maya").OverviewAsync();

        Assert.Equal(200, response.Status);
        var page = PageClient.Html(response);
        var standing = PageClient.Text(page, "#standing");
        Assert.Contains("18 points", standing);
        Assert.Contains("Formal warning.", standing);
        Assert.Contains("6 points to a 7-day suspension.", standing);
        Assert.Contains("Repeat rule: You broke the Misleading product claims policy 2 times within 90 days.", standing);
        var ladder = page.QuerySelectorAll("#standing ol.ladder li").Select(li => li.TextContent).ToList();
        Assert.Equal(4, ladder.Count);
        Assert.Contains("(you are here)", ladder[0]);
        Assert.Contains("(next)", ladder[1]);
        var drops = page.QuerySelectorAll("#standing tbody tr").Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent))).ToList();
        Assert.Equal(
            [
                "Thursday, 18 February 2027 | 10 points | 8 points",
                "Tuesday, 23 February 2027 | 4 points | 4 points",
                "Wednesday, 24 February 2027 | 4 points | 0 points",
            ],
            drops);
        Assert.Contains("Europe/London", PageClient.Text(page));
    }

    [Theory]
    [InlineData("en-US", "Thursday, February 18, 2027 | 10 points | 0 points", "Friday, November 27, 2026 at 12:00 PM GMT", "Thursday, December 10, 2026, 9:00 AM to 5:00 PM GMT")]
    [InlineData("en-GB", "Thursday, 18 February 2027 | 10 points | 0 points", "Friday, 27 November 2026 at 12:00 GMT", "Thursday, 10 December 2026, 09:00 to 17:00 GMT")]
    [InlineData("de-DE", "Thursday, 18 February 2027 | 10 points | 0 points", "Friday, 27 November 2026 at 12:00 GMT", "Thursday, 10 December 2026, 09:00 to 17:00 GMT")]
    [InlineData("qq-Junk-@", "Thursday, 18 February 2027 | 10 points | 0 points", "Friday, 27 November 2026 at 12:00 GMT", "Thursday, 10 December 2026, 09:00 to 17:00 GMT")]
    public async Task The_page_writes_dates_and_times_in_the_creators_locale_and_keeps_its_words_english(string locale, string firstDrop, string asOf, string workshopWhen)
    {
        var creator = "page-locale-" + string.Concat(locale.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();
        var workshop = await trainings.WorkshopAsync(2, 3, creator);
        // A later profile than the one the workshop harness recorded, so its locale is the one that counts.
        Assert.Equal(202, (await app.PostWebhookAsync(Events.CreatorUpserted("evt-locale-" + creator, creator, creator + "@shop.example", "2026-11-02T00:00:00Z", "Europe/London", locale))).Status);
        await Violation(creator, "v1", "dangerous-acts", "2026-11-20T10:00:00Z");

        var page = PageClient.Html(await PageClient.Session(app, creator).OverviewAsync());

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(firstDrop, string.Join(" | ", page.QuerySelector("#standing tbody tr")!.QuerySelectorAll("td").Select(td => td.TextContent)));
        Assert.Contains(asOf, page.Body!.TextContent);
        Assert.Contains(workshopWhen, page.QuerySelector($"#workshop-{workshop}")!.TextContent);
        var quiz = PageClient.Html(await PageClient.Session(app, creator).GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        Assert.Contains(locale == "en-US" ? "Friday, November 20, 2026" : "Friday, 20 November 2026", PageClient.Text(quiz));
    }

    [Fact]
    public async Task A_stored_report_is_listed_and_opened_in_the_creators_current_locale()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-profile-us", SampleReports.CreatorId, "maya@example.com", "2026-06-01T00:00:00Z", "Europe/London", "en-US"));
        var report = SampleReports.Busy();
        await app.Services.GetRequiredService<ReportStore>().CreateIfAbsentAsync(report, SampleReports.Cutoff, CancellationToken.None);
        var browser = PageClient.Session(app, SampleReports.CreatorId);

        var link = PageClient.Html(await browser.OverviewAsync()).QuerySelector("#reports a")!;
        var shown = PageClient.Html(await browser.GetAsync((f, r) => f.Report(r, report.ReportId, CancellationToken.None)));

        Assert.StartsWith("Latest report: November 16–22, 2026", link.TextContent);
        Assert.Contains("Your week: November 16–22, 2026", PageClient.Text(shown));
        Assert.Contains("Thu, Nov 19", PageClient.Text(shown));
    }

    [Fact]
    public async Task Every_page_answer_is_personal_html_that_loads_nothing_foreign_and_leaks_no_referrer()
    {
        await Profile("page-headers");

        var response = await PageClient.Session(app, "page-headers").OverviewAsync();

        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal("nosniff", response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-referrer", response.Headers["Referrer-Policy"].ToString());
        var policy = response.Headers.ContentSecurityPolicy.ToString();
        Assert.StartsWith("default-src 'none';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        var page = PageClient.Html(response);
        var nonce = policy.Split("'nonce-")[1].Split('\'')[0];
        Assert.All(page.QuerySelectorAll("script, style"), e => Assert.Equal(nonce, e.GetAttribute("nonce")));
        Assert.Empty(page.QuerySelectorAll("[style], [onclick], [onchange]"));
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.NotNull(page.QuerySelector("main#main"));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(["Where I stand", "Reports", "Quizzes", "Workshops", "Email preferences"], page.QuerySelectorAll("main h2").Select(h => h.TextContent));
    }

    [Fact]
    public async Task Without_a_session_or_token_the_page_says_how_to_get_in_and_shows_nothing_else()
    {
        await Profile("page-nobody");

        var none = await PageClient.Anonymous(app).OverviewAsync();
        var forged = await new PageClient(app, cookie: "v1.cGFnZS1ub2JvZHk.abc.9999999999.AAAA").OverviewAsync();

        foreach (var response in new[] { none, forged })
        {
            Assert.Equal(401, response.Status);
            Assert.Equal("Bearer", response.Headers.WWWAuthenticate.ToString());
            Assert.Contains("Open your account from an email", PageClient.Text(PageClient.Html(response)));
            Assert.DoesNotContain("page-nobody", response.Body);
        }
    }

    [Fact]
    public async Task A_session_runs_out_after_the_session_hours()
    {
        await Profile("page-expiry");
        var browser = PageClient.Session(app, "page-expiry");
        app.Time.Advance(TimeSpan.FromHours(11.9));
        Assert.Equal(200, (await browser.OverviewAsync()).Status);

        app.Time.Advance(TimeSpan.FromHours(0.2));

        Assert.Equal(401, (await browser.OverviewAsync()).Status);
    }

    [Fact]
    public async Task A_session_altered_to_name_another_creator_is_refused_and_never_shows_their_data()
    {
        await Profile("page-alice");
        await Profile("page-bob");
        await Violation("page-bob", "bob-v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        var alice = PageClient.Session(app, "page-alice").Cookie!;
        var parts = alice.Split('.');
        parts[1] = Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode("page-bob"u8.ToArray());

        var altered = await new PageClient(app, cookie: string.Join('.', parts)).OverviewAsync();
        var own = await new PageClient(app, cookie: alice).OverviewAsync();

        Assert.Equal(401, altered.Status);
        Assert.DoesNotContain("bob", altered.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(200, own.Status);
        Assert.DoesNotContain("bob", own.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("0 points", PageClient.Text(PageClient.Html(own), "#standing"));
    }

    [Fact]
    public async Task A_platform_embedding_the_page_sends_the_creators_bearer_token_instead()
    {
        await Profile("page-embed");
        await Violation("page-embed", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");

        var embedded = await PageClient.Bearer(app, CallerTokens.Creator("page-embed", app.Time.GetUtcNow())).OverviewAsync();
        var forged = await PageClient.Bearer(app, CallerTokens.Mint(new TokenSpec { Subject = "page-embed", Credentials = CallerTokens.Hs256("forged-secret-of-at-least-thirty-two-bytes") }, app.Time.GetUtcNow())).OverviewAsync();

        Assert.Equal(200, embedded.Status);
        Assert.Contains("10 points", PageClient.Text(PageClient.Html(embedded), "#standing"));
        Assert.Equal(401, forged.Status);
        Assert.Equal("Bearer error=\"invalid_token\"", forged.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task A_creator_with_nothing_on_record_gets_a_friendly_page_not_anyone_elses_data()
    {
        await Profile("page-someone");

        var response = await PageClient.Session(app, "page-erased-or-unknown").OverviewAsync();

        Assert.Equal(404, response.Status);
        Assert.Contains("Nothing on record for your account", PageClient.Text(PageClient.Html(response)));
        Assert.DoesNotContain("page-someone", response.Body);
    }

    [Fact]
    public async Task The_quiz_is_taken_in_the_page_and_a_pass_takes_a_point_off_the_standing()
    {
        await Profile("page-quiz");
        await Violation("page-quiz", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        var browser = PageClient.Session(app, "page-quiz");

        var overview = PageClient.Html(await browser.OverviewAsync());
        var quizLink = overview.QuerySelector("#quizzes a")!;
        Assert.Equal("/api/account/quizzes/v1", quizLink.GetAttribute("href"));
        Assert.Contains("Last day: Thursday, 31 December 2026. 3 attempts left.", PageClient.Text(overview, "#quizzes"));

        var quizPage = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        var start = quizPage.QuerySelector("form")!;
        Assert.Equal("/api/account/quizzes/v1/attempts", start.GetAttribute("action"));
        var started = await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None), ("csrf", PageClient.Csrf(quizPage)));
        Assert.Equal(303, started.Status);
        Assert.Equal("/api/account/quizzes/v1", started.Headers.Location.ToString());

        var attemptPage = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        var form = attemptPage.QuerySelector("form")!;
        var fieldsets = form.QuerySelectorAll("fieldset").ToList();
        Assert.Equal(3, fieldsets.Count);
        Assert.All(fieldsets, AssertLabelledRadioGroup);
        var action = form.GetAttribute("action")!;
        var attemptId = action.Split('/').Last();
        var answers = Answers(fieldsets, "dangerous-acts");

        var submitted = await browser.PostAsync((f, r) => f.SubmitQuiz(r, "v1", attemptId, CancellationToken.None), [("csrf", PageClient.Csrf(attemptPage)), .. answers]);

        Assert.Equal(303, submitted.Status);
        Assert.Equal($"/api/account/quizzes/v1?attempt={attemptId}", submitted.Headers.Location.ToString());
        var result = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None), $"?attempt={attemptId}"));
        var resultText = PageClient.Text(result);
        Assert.Contains("3 of 3 correct: passed.", resultText);
        Assert.Contains("One point was taken off this violation.", resultText);
        Assert.Contains("You now have 9 points active.", resultText);
        Assert.Equal(3, result.QuerySelectorAll("section ol > li").Length);
        Assert.All(result.QuerySelectorAll("section ol > li"), li => Assert.False(string.IsNullOrWhiteSpace(li.QuerySelector("p.muted")?.TextContent)));
        Assert.Contains("9 points", PageClient.Text(PageClient.Html(await browser.OverviewAsync()), "#standing"));
    }

    [Fact]
    public async Task A_quiz_not_passed_says_why_no_point_came_off()
    {
        await Profile("page-fail");
        await Violation("page-fail", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        var browser = PageClient.Session(app, "page-fail");
        var quizPage = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None), ("csrf", PageClient.Csrf(quizPage)));
        var attemptPage = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        var attemptId = attemptPage.QuerySelector("form")!.GetAttribute("action")!.Split('/').Last();

        await browser.PostAsync(
            (f, r) => f.SubmitQuiz(r, "v1", attemptId, CancellationToken.None),
            [("csrf", PageClient.Csrf(attemptPage)), .. Answers(attemptPage.QuerySelectorAll("fieldset").ToList(), "dangerous-acts", correct: false)]);
        var result = PageClient.Text(PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None), $"?attempt={attemptId}")));

        Assert.Contains("0 of 3 correct: not passed", result);
        Assert.Contains("Not passed, so no point came off", result);
        Assert.Contains("You now have 10 points active.", result);
    }

    [Fact]
    public async Task Answers_missing_or_another_creators_quiz_get_pages_that_say_what_to_do()
    {
        await Profile("page-miss");
        await Profile("page-owner");
        await Violation("page-miss", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        await Violation("page-owner", "owner-v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        var browser = PageClient.Session(app, "page-miss");
        var quizPage = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None), ("csrf", PageClient.Csrf(quizPage)));
        var attemptPage = PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None)));
        var attemptId = attemptPage.QuerySelector("form")!.GetAttribute("action")!.Split('/').Last();

        var unanswered = await browser.PostAsync((f, r) => f.SubmitQuiz(r, "v1", attemptId, CancellationToken.None), ("csrf", PageClient.Csrf(attemptPage)));
        var someoneElses = await browser.GetAsync((f, r) => f.Quiz(r, "owner-v1", CancellationToken.None));
        var startSomeoneElses = await browser.PostAsync((f, r) => f.StartQuiz(r, "owner-v1", CancellationToken.None), ("csrf", PageClient.Csrf(attemptPage)));

        Assert.Equal(400, unanswered.Status);
        Assert.Equal("Answer every question", PageClient.Html(unanswered).QuerySelector("h1")!.TextContent);
        Assert.Equal(3, PageClient.Html(await browser.GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None))).QuerySelectorAll("fieldset").Length);
        Assert.All([someoneElses, startSomeoneElses], r =>
        {
            Assert.Equal(404, r.Status);
            Assert.Equal("Quiz not found", PageClient.Html(r).QuerySelector("h1")!.TextContent);
        });
    }

    [Fact]
    public async Task A_form_without_a_valid_anti_forgery_token_changes_nothing()
    {
        await Profile("page-csrf");
        await Profile("page-other");
        await Violation("page-csrf", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        var browser = PageClient.Session(app, "page-csrf");
        var otherSessionsToken = PageClient.Csrf(PageClient.Html(await PageClient.Session(app, "page-csrf").GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None))));

        var without = await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None));
        var forged = await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None), ("csrf", "forged"));
        var fromAnotherSession = await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None), ("csrf", otherSessionsToken));
        var oversized = await browser.PostAsync((f, r) => f.StartQuiz(r, "v1", CancellationToken.None), ("csrf", otherSessionsToken), ("padding", new string('x', 64 * 1024)));

        Assert.All([without, forged, fromAnotherSession], r =>
        {
            Assert.Equal(403, r.Status);
            Assert.Contains("This form has expired", PageClient.Text(PageClient.Html(r)));
        });
        Assert.Equal(413, oversized.Status);
        Assert.Contains("3 attempts left", PageClient.Text(PageClient.Html(await browser.OverviewAsync()), "#quizzes"));
    }

    [Fact]
    public async Task Workshops_are_accepted_with_team_picks_a_slot_booked_and_the_calendar_downloaded_from_the_page()
    {
        var id = await trainings.WorkshopAsync(2, 3, "page-ana");
        var browser = PageClient.Session(app, "page-ana");
        var page = PageClient.Html(await browser.OverviewAsync());
        var workshop = page.QuerySelector($"#workshop-{id}")!;
        Assert.Contains("You're invited", workshop.TextContent);
        Assert.Contains("Thursday, 10 December 2026, 09:00 to 17:00 GMT", workshop.TextContent);
        var teams = workshop.QuerySelectorAll("input[name=team]").ToList();
        Assert.All(teams, t => Assert.NotNull(workshop.QuerySelector($"label[for='{t.Id}']")));

        var accepted = await browser.PostAsync((f, r) => f.AnswerWorkshop(r, id, CancellationToken.None), ("csrf", PageClient.Csrf(page)), ("decision", "accept"), ("team", "policy"));

        Assert.Equal(303, accepted.Status);
        Assert.Equal($"/api/account?notice=registered#workshop-{id}", accepted.Headers.Location.ToString());
        page = PageClient.Html(await browser.OverviewAsync("?notice=registered"));
        Assert.Equal("You have a seat at the workshop.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        workshop = page.QuerySelector($"#workshop-{id}")!;
        Assert.Contains("You have a seat.", workshop.TextContent);
        Assert.True(workshop.QuerySelector("input[value=policy]")!.HasAttribute("checked"));
        Assert.Equal(3, workshop.QuerySelectorAll("input[name=slotId]").Length);

        var booked = await browser.PostAsync((f, r) => f.BookSlot(r, id, CancellationToken.None), ("csrf", PageClient.Csrf(page)), ("slotId", "slot-2"));

        Assert.Equal(303, booked.Status);
        page = PageClient.Html(await browser.OverviewAsync());
        Assert.Contains("Your mock livestream slot: 09:30–10:00 (Europe/London time).", PageClient.Text(page, $"#workshop-{id}"));
        var calendar = await browser.GetAsync((f, r) => f.Calendar(r, id, CancellationToken.None));
        Assert.Equal(200, calendar.Status);
        Assert.StartsWith("text/calendar", calendar.ContentType);
        var unfolded = calendar.Body.Replace("\r\n ", "", StringComparison.Ordinal); // RFC 5545 folds lines at 75 octets
        Assert.Contains($"UID:training-{id}@trainings.creator-account-health", unfolded);
        Assert.Contains("PARTSTAT=ACCEPTED", unfolded);
        Assert.Equal("no-store", calendar.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task A_workshop_invitation_is_declined_from_the_page_and_another_creators_workshop_is_not_found()
    {
        var id = await trainings.WorkshopAsync(2, 3, "page-cy");
        var other = await trainings.WorkshopAsync(2, 3, "page-dee");
        var browser = PageClient.Session(app, "page-cy");
        var page = PageClient.Html(await browser.OverviewAsync());
        Assert.Null(page.QuerySelector($"#workshop-{other}"));

        var declined = await browser.PostAsync((f, r) => f.AnswerWorkshop(r, id, CancellationToken.None), ("csrf", PageClient.Csrf(page)), ("decision", "decline"));
        var notMine = await browser.PostAsync((f, r) => f.AnswerWorkshop(r, other, CancellationToken.None), ("csrf", PageClient.Csrf(page)), ("decision", "accept"));
        var notMyCalendar = await browser.GetAsync((f, r) => f.Calendar(r, other, CancellationToken.None));

        Assert.Equal(303, declined.Status);
        Assert.Contains("You declined this invitation.", PageClient.Text(PageClient.Html(await browser.OverviewAsync()), $"#workshop-{id}"));
        Assert.Equal(404, notMine.Status);
        Assert.Equal(404, notMyCalendar.Status);
        Assert.Contains("Workshop not found", PageClient.Text(PageClient.Html(notMine)));
    }

    [Fact]
    public async Task Reports_are_listed_and_each_opens_as_its_email_showed_it_for_its_creator_only()
    {
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-profile-r", SampleReports.CreatorId, "maya@example.com", "2026-06-01T00:00:00Z", "Europe/London"));
        await app.PostWebhookAsync(Events.CreatorUpserted("evt-profile-s", "page-stranger", "s@example.com", "2026-06-01T00:00:00Z", "Europe/London"));
        var report = SampleReports.Busy();
        await app.Services.GetRequiredService<ReportStore>().CreateIfAbsentAsync(report, SampleReports.Cutoff, CancellationToken.None);
        var browser = PageClient.Session(app, SampleReports.CreatorId);

        var page = PageClient.Html(await browser.OverviewAsync());
        var link = page.QuerySelector("#reports a")!;
        var opened = await browser.GetAsync((f, r) => f.Report(r, report.ReportId, CancellationToken.None));
        var strangers = await PageClient.Session(app, "page-stranger").GetAsync((f, r) => f.Report(r, report.ReportId, CancellationToken.None));

        Assert.Equal($"/api/account/reports/{report.ReportId}", link.GetAttribute("href"));
        Assert.StartsWith("Latest report: 16–22 November 2026", link.TextContent);
        Assert.Equal(200, opened.Status);
        var shown = PageClient.Html(opened);
        var emailed = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(app.Services.GetRequiredService<Functions.Reports.Rendering.WeeklyReportRenderer>().RenderHtml(report, profile: null));
        Assert.Equal(PageClient.Text(emailed, "body > table"), PageClient.Text(shown, "main > table"));
        Assert.Equal("/api/account", shown.QuerySelector("nav a")!.GetAttribute("href"));
        Assert.Equal("no-store", opened.Headers.CacheControl.ToString());
        Assert.Equal(404, strangers.Status);
        Assert.Contains("Report not found", PageClient.Text(PageClient.Html(strangers)));
    }

    [Fact]
    public async Task A_signed_link_is_exchanged_for_a_session_cookie_and_a_redirect_without_the_token()
    {
        await Profile("page-link");
        await Violation("page-link", "v1", "dangerous-acts", "2026-11-20T10:00:00Z");
        var grant = app.Services.GetRequiredService<AccountLinks>().CreateGrant("page-link", "/api/account/quizzes/v1");

        var local = await EnterAsync(grant.Token, "localhost");
        var deployed = await EnterAsync(grant.Token, "account-health.test");

        Assert.Equal(303, local.Status);
        Assert.Equal("/api/account/quizzes/v1", local.Headers.Location.ToString());
        Assert.Equal("no-referrer", local.Headers["Referrer-Policy"].ToString());
        Assert.Equal("no-store", local.Headers.CacheControl.ToString());
        var cookie = Microsoft.Net.Http.Headers.SetCookieHeaderValue.Parse(local.Headers.SetCookie.ToString());
        Assert.Equal(PageSessions.CookieName, cookie.Name.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal("/api/account", cookie.Path.ToString());
        Assert.False(cookie.Secure, "plain HTTP on localhost: a Secure cookie would never come back");
        Assert.Equal(app.Time.GetUtcNow().AddHours(12).ToUnixTimeSeconds(), cookie.Expires!.Value.ToUnixTimeSeconds());
        Assert.True(Microsoft.Net.Http.Headers.SetCookieHeaderValue.Parse(deployed.Headers.SetCookie.ToString()).Secure);

        var page = await new PageClient(app, cookie: cookie.Value.ToString()).GetAsync((f, r) => f.Quiz(r, "v1", CancellationToken.None));
        Assert.Equal(200, page.Status);
        Assert.Contains("Dangerous acts in livestreams quiz", PageClient.Text(PageClient.Html(page), "h1"));
    }

    [Theory]
    [InlineData("expired", 410, "This link has expired")]
    [InlineData("forged", 401, "This link doesn't work")]
    [InlineData("bearer", 401, "This link doesn't work")]
    [InlineData("", 401, "This link doesn't work")]
    public async Task An_expired_or_forged_link_gets_a_page_that_says_what_to_do_and_no_session(string kind, int status, string title)
    {
        await Profile("page-link-bad");
        var links = app.Services.GetRequiredService<AccountLinks>();
        var token = kind switch
        {
            "expired" => links.CreateGrant("page-link-bad").Token,
            "forged" => links.CreateGrant("page-link-bad").Token[..^4] + "AAAA",
            "bearer" => CallerTokens.Creator("page-link-bad", app.Time.GetUtcNow()),
            _ => "",
        };
        if (kind == "expired")
        {
            app.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        }

        var response = await EnterAsync(token, "localhost");

        Assert.Equal(status, response.Status);
        Assert.False(response.Headers.ContainsKey("Set-Cookie"));
        Assert.Equal(title, PageClient.Html(response).QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("page-link-bad", response.Body);
    }

    [Fact]
    public async Task Email_preferences_are_saved_at_once_from_the_page()
    {
        await Profile("page-prefs");
        var browser = PageClient.Session(app, "page-prefs");
        var page = PageClient.Html(await browser.OverviewAsync());
        var weekly = page.QuerySelector("#pref-weekly-reports")!;
        Assert.True(weekly.HasAttribute("checked"));
        Assert.NotNull(page.QuerySelector("label[for=pref-weekly-reports]"));

        var saved = await browser.PostAsync((f, r) => f.SetEmailPreference(r, CancellationToken.None), ("csrf", PageClient.Csrf(page)), ("kind", "weeklyReports"));

        Assert.Equal(303, saved.Status);
        Assert.Equal("/api/account?notice=preferences-saved#preferences", saved.Headers.Location.ToString());
        page = PageClient.Html(await browser.OverviewAsync("?notice=preferences-saved"));
        Assert.False(page.QuerySelector("#pref-weekly-reports")!.HasAttribute("checked"));
        Assert.True(page.QuerySelector("#pref-milestone-alerts")!.HasAttribute("checked"));
        Assert.Equal("Your email preferences are saved.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        var emails = await app.Services.GetRequiredService<EmailPreferencesService>().GetAsync("page-prefs", CancellationToken.None);
        Assert.Equal(new Domain.Creators.EmailPreferences(MilestoneAlerts: true, WeeklyReports: false), emails);

        await browser.PostAsync((f, r) => f.SetEmailPreference(r, CancellationToken.None), ("csrf", PageClient.Csrf(page)), ("kind", "weeklyReports"), ("on", "true"));
        Assert.True((await app.Services.GetRequiredService<EmailPreferencesService>().GetAsync("page-prefs", CancellationToken.None))!.WeeklyReports);
    }

    private Task<AppHarness.Response> EnterAsync(string token, string host)
    {
        var context = app.Request(Microsoft.AspNetCore.Http.HttpMethods.Get);
        context.Request.Host = new Microsoft.AspNetCore.Http.HostString(host);
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?token=" + Uri.EscapeDataString(token));
        return app.InvokeAsync<AccountPageFunctions>(context, (f, r) => f.Enter(r, CancellationToken.None));
    }

    private static void AssertLabelledRadioGroup(IElement fieldset)
    {
        Assert.False(string.IsNullOrWhiteSpace(fieldset.QuerySelector("legend")?.TextContent));
        var radios = fieldset.QuerySelectorAll("input[type=radio]").ToList();
        Assert.InRange(radios.Count, 3, 4);
        Assert.Single(radios.Select(r => r.GetAttribute("name")).Distinct());
        Assert.All(radios, r => Assert.NotNull(fieldset.QuerySelector($"label[for='{r.Id}']")));
    }

    private (string, string)[] Answers(IReadOnlyList<IElement> fieldsets, string policyCode, bool correct = true)
    {
        var bank = app.Services.GetRequiredService<PolicyCatalog>().Get(policyCode).QuizBank;
        return fieldsets.Select(fieldset =>
        {
            var name = fieldset.QuerySelector("input[type=radio]")!.GetAttribute("name")!;
            var rightOption = bank.Single(q => AccountPage.AnswerField(q.Id) == name).CorrectOptionId;
            var chosen = correct ? rightOption : fieldset.QuerySelectorAll("input[type=radio]").Select(r => r.GetAttribute("value")!).First(v => v != rightOption);
            return (name, chosen);
        }).ToArray();
    }
}
