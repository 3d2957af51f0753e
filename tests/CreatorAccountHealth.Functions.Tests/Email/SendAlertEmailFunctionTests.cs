using System.Text.Json;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Hosting;
using NodaTime;

using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// The Service Bus-triggered email function end to end, with the real SendGrid client talking HTTP to a local stand-in
/// for SendGrid's API: assertions are on the request SendGrid would have received and on how the message was settled.
/// </summary>
public sealed class SendAlertEmailFunctionTests : IAsyncLifetime
{
    private EmailHarness app = null!;

    public async Task InitializeAsync()
    {
        app = await EmailHarness.StartAsync();
        app.Creators.Add(SampleAlerts.Profile());
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Sends_the_alert_through_SendGrid_and_marks_it_emailed()
    {
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert);

        var request = Assert.Single(app.SendGrid.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v3/mail/send", request.Path);
        Assert.Equal($"Bearer {EmailHarness.ApiKey}", request.Header("Authorization"));

        var json = request.Json;
        var personalization = Assert.Single(json.GetProperty("personalizations").EnumerateArray());
        var to = Assert.Single(personalization.GetProperty("to").EnumerateArray());
        Assert.Equal(SampleAlerts.Email, to.GetProperty("email").GetString());
        Assert.Equal(SampleAlerts.DisplayName, to.GetProperty("name").GetString());
        Assert.Equal(alert.AlertId, personalization.GetProperty("custom_args").GetProperty("alertId").GetString());
        Assert.Equal(EmailHarness.FromEmail, json.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal(EmailHarness.FromName, json.GetProperty("from").GetProperty("name").GetString());
        Assert.Equal(EmailHarness.ReplyTo, json.GetProperty("reply_to").GetProperty("email").GetString());
        Assert.Equal("You've reached a formal warning", json.GetProperty("subject").GetString());
        Assert.Equal(["milestone-alert-reached"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));

        var content = json.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.Equal(["text/plain", "text/html"], content.Keys);
        Assert.Contains("Hi Maya Chen,", content["text/plain"]);
        Assert.Contains("Dangerous acts in livestreams", content["text/plain"]);
        Assert.StartsWith("<!DOCTYPE html>", content["text/html"]);
        Assert.Contains("Formal warning", content["text/html"]);

        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        var emailedAt = Assert.Single(app.Deliveries.Emailed).Value;
        Assert.Equal(Instant.FromDateTimeOffset(app.Time.GetUtcNow()), emailedAt);
    }

    [Fact]
    public async Task An_approaching_alert_has_its_own_subject_and_category()
    {
        await app.DeliverAsync(SampleAlerts.Approaching());

        var json = Assert.Single(app.SendGrid.Requests).Json;
        Assert.Equal("You're 2 points from a 7-day suspension", json.GetProperty("subject").GetString());
        Assert.Equal(["milestone-alert-approaching"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
    }

    [Fact]
    public async Task Throttled_then_accepted_waits_what_Retry_After_asks_and_sends_one_email()
    {
        app.SendGrid.Script(ScriptedResponse.TooManyRequests(retryAfterSeconds: 7), ScriptedResponse.Accepted);

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Equal(2, app.SendGrid.Requests.Count);
        Assert.Equal(app.SendGrid.Requests[0].Body, app.SendGrid.Requests[1].Body);
        Assert.Equal([TimeSpan.FromSeconds(7)], app.Time.Delays);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Single(app.Deliveries.Emailed);
    }

    [Fact]
    public async Task A_Retry_After_too_long_to_wait_hands_the_message_back_at_once()
    {
        app.SendGrid.Script(ScriptedResponse.TooManyRequests(retryAfterSeconds: 600));

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Single(app.SendGrid.Requests);
        Assert.Empty(app.Time.Delays);
        Assert.Equal(Settlement.Abandoned, app.Actions.Only.Settlement);
    }

    [Fact]
    public async Task Persistent_server_errors_are_retried_with_backoff_then_the_message_is_abandoned_for_redelivery()
    {
        app.SendGrid.Script(Enumerable.Repeat(ScriptedResponse.ServerError, SendGridRetry.MaxAttempts).ToArray());
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert, deliveryCount: 3);

        Assert.Equal(SendGridRetry.MaxAttempts, app.SendGrid.Requests.Count);
        Assert.Equal(SendGridRetry.MaxAttempts - 1, app.Time.Delays.Count);
        Assert.All(app.Time.Delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), SendGridRetry.MaxDelay));
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.Abandoned, settled.Settlement);
        Assert.Contains("500", (string)settled.Properties![SendAlertEmailFunction.LastErrorProperty]);
        Assert.Empty(app.Deliveries.Emailed);
        Assert.Contains(app.Logs.Lines, l => l.Contains("abandoned on delivery 3", StringComparison.Ordinal));

        // The redelivery, once SendGrid is back, sends it.
        await app.DeliverAsync(alert, deliveryCount: 4);

        Assert.Equal(SendGridRetry.MaxAttempts + 1, app.SendGrid.Requests.Count);
        Assert.Equal(Settlement.Completed, app.Actions.Settled[^1].Settlement);
    }

    [Fact]
    public async Task An_unreachable_SendGrid_is_retried_then_the_message_is_abandoned()
    {
        await app.SendGrid.DisposeAsync();

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Equal(SendGridRetry.MaxAttempts - 1, app.Time.Delays.Count);
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.Abandoned, settled.Settlement);
        Assert.Contains("could not be reached", (string)settled.Properties![SendAlertEmailFunction.LastErrorProperty]);
    }

    [Fact]
    public async Task A_request_SendGrid_rejects_for_good_is_dead_lettered_at_once_with_its_errors()
    {
        app.SendGrid.Script(ScriptedResponse.BadRequest("personalizations.0.to.0.email", "Does not contain a valid address."));

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Single(app.SendGrid.Requests);
        Assert.Empty(app.Time.Delays);
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.DeadLettered, settled.Settlement);
        Assert.Equal("SendGridRejected", settled.Reason);
        Assert.Contains("400", settled.Description);
        Assert.Contains("personalizations.0.to.0.email: Does not contain a valid address.", settled.Description);
        Assert.Empty(app.Deliveries.Emailed);
    }

    [Fact]
    public async Task A_redelivered_alert_that_was_already_emailed_is_not_sent_again()
    {
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert, deliveryCount: 1);
        await app.DeliverAsync(alert, deliveryCount: 2);

        Assert.Single(app.SendGrid.Requests);
        Assert.All(app.Actions.Settled, s => Assert.Equal(Settlement.Completed, s.Settlement));
        Assert.Equal(2, app.Actions.Settled.Count);
    }

    public static TheoryData<string, CreatorProfile?, string> Skipped => new()
    {
        { "unknown creator", null, "no profile recorded" },
        { "no email address", SampleAlerts.Profile(email: " "), "no email address" },
        { "opted out", SampleAlerts.Profile(preferences: new EmailPreferences(MilestoneAlerts: false, WeeklyReports: true)), "opted out" },
    };

    [Theory]
    [MemberData(nameof(Skipped))]
    public async Task A_creator_who_cannot_or_will_not_get_the_email_is_skipped_with_a_logged_reason(string why, CreatorProfile? profile, string loggedReason)
    {
        var creatorId = "creator-" + why.Replace(' ', '-');
        if (profile is not null)
        {
            app.Creators.Add(profile with { CreatorId = creatorId });
        }

        await app.DeliverAsync(SampleAlerts.Reached(creatorId));

        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains(app.Logs.Lines, l => l.Contains(loggedReason, StringComparison.Ordinal) && l.Contains(creatorId, StringComparison.Ordinal));
        Assert.Empty(app.Deliveries.Emailed);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not JSON", "this is not json" },
        { "JSON null", "null" },
        { "missing fields", """{"alertId":"alert-1","creatorId":"creator-1"}""" },
        { "empty alert id", Json(SampleAlerts.Reached() with { AlertId = "" }) },
        { "unknown kind", Json(SampleAlerts.Reached()).Replace("\"kind\":\"reached\"", "\"kind\":7", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_body_that_is_not_an_alert_is_dead_lettered_at_once(string why, string body)
    {
        await app.DeliverAsync(body, messageId: "msg-" + why.Replace(' ', '-'));

        Assert.Empty(app.SendGrid.Requests);
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.DeadLettered, settled.Settlement);
        Assert.Equal("MalformedAlert", settled.Reason);
        Assert.False(string.IsNullOrWhiteSpace(settled.Description), why);
    }

    [Fact]
    public async Task Storage_unavailable_abandons_the_message_for_redelivery()
    {
        app.Creators.Unavailable = true;

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Empty(app.SendGrid.Requests);
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.Abandoned, settled.Settlement);
        Assert.Contains("Storage unavailable", (string)settled.Properties![SendAlertEmailFunction.LastErrorProperty]);
    }

    [Fact]
    public async Task Values_from_outside_are_escaped_in_the_html_and_kept_as_written_in_the_text()
    {
        const string name = "<script>alert(1)</script> & \"Co\"";
        app.Creators.Add(SampleAlerts.Profile(displayName: name));

        await app.DeliverAsync(SampleAlerts.Reached());

        var json = Assert.Single(app.SendGrid.Requests).Json;
        var content = json.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.DoesNotContain("<script", content["text/html"], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Hi &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;,", content["text/html"]);
        Assert.Contains($"Hi {name},", content["text/plain"]);
        Assert.Equal(name, json.GetProperty("personalizations")[0].GetProperty("to")[0].GetProperty("name").GetString());
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, AppJson.Options);
}
