using System.Text.Json;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using CreatorAccountHealth.Functions.Hosting;
using NodaTime;

using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests.Email;

/// <summary>
/// The Service Bus-triggered email function end to end, with the real SendGrid client talking HTTP to a local stand-in
/// for SendGrid's API: assertions are on the request SendGrid would have received and on how the message was settled.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class SendAlertEmailFunctionTests(CosmosServer cosmos) : IAsyncLifetime
{
    private EmailHarness app = null!;

    public async Task InitializeAsync()
    {
        app = await EmailHarness.StartAsync(cosmos);
        app.Creators.Add(SampleAlerts.Profile());
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Sends_the_alert_through_SendGrid_and_settles_it_sent()
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
        var record = (await app.RecordOfAsync(alert))!;
        Assert.Equal(DeliveryStatus.Sent, record.Status);
        Assert.Equal(Instant.FromDateTimeOffset(app.Time.GetUtcNow()), record.SentAt);
        Assert.Null(record.LeaseOwner);
    }

    [Fact]
    public async Task The_alert_links_to_the_page_each_quiz_each_appeal_and_the_preferences_and_carries_one_click_unsubscribe()
    {
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert);

        var mail = Assert.Single(app.SendGrid.Requests).Json;
        var unsubscribe = await Links.EmailLinkAssertions.AssertOneClickAsync(mail, SampleAlerts.CreatorId, EmailKind.MilestoneAlert, app.Time);
        var (html, text) = Links.EmailLinkAssertions.Content(mail);
        var hrefs = Links.EmailLinkAssertions.Hrefs(html);
        var targets = await Links.EmailLinkAssertions.PageTargetsAsync(hrefs, SampleAlerts.CreatorId, app.Time);

        Assert.Contains("/api/account", targets);
        Assert.Contains("/api/account#preferences", targets);
        Assert.All(alert.Quizzes, q => Assert.Contains($"/api/account/quizzes/{Uri.EscapeDataString(q.ViolationId)}", targets));
        Assert.All(alert.CausedBy, v => Assert.Contains($"https://platform.test/appeals/{Uri.EscapeDataString(v.ViolationId)}", hrefs));
        Assert.Contains(unsubscribe, hrefs);
        Assert.Contains("Unsubscribe from milestone alerts: " + unsubscribe, text);
        Assert.Contains("Take the quiz: " + LinkTestSettings.PublicBaseUrl, text);
        Assert.Contains($"Appeal it: https://platform.test/appeals/{Uri.EscapeDataString(alert.CausedBy[0].ViolationId)}", text);
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

        var alert = SampleAlerts.Reached();
        await app.DeliverAsync(alert);

        Assert.Equal(2, app.SendGrid.Requests.Count);
        Assert.Equal(app.SendGrid.Requests[0].Body, app.SendGrid.Requests[1].Body);
        Assert.Equal([TimeSpan.FromSeconds(7)], app.Time.Delays);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(alert))!.Status);
    }

    [Fact]
    public async Task A_Retry_After_too_long_to_wait_re_schedules_the_message_no_sooner_than_asked()
    {
        app.SendGrid.Script(ScriptedResponse.TooManyRequests(retryAfterSeconds: 600));
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert);

        Assert.Single(app.SendGrid.Requests);
        Assert.Empty(app.Time.Delays);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        var copy = Assert.Single(app.Rescheduled);
        Assert.Equal(alert.AlertId + "~retry-1", copy.MessageId);
        Assert.InRange(copy.ScheduledEnqueueTime!.Value - app.Time.GetUtcNow(), TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(601));
        Assert.Equal(DeliveryStatus.Pending, (await app.RecordOfAsync(alert))!.Status);
    }

    [Fact]
    public async Task A_429_with_only_X_RateLimit_Reset_waits_until_the_reset()
    {
        var reset = app.Time.GetUtcNow().AddMinutes(3).ToUnixTimeSeconds();
        app.SendGrid.Script(new ScriptedResponse(429, """{"errors":[{"message":"too many requests"}]}""", new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Single(app.SendGrid.Requests);
        var copy = Assert.Single(app.Rescheduled);
        Assert.True(copy.ScheduledEnqueueTime >= DateTimeOffset.FromUnixTimeSeconds(reset), $"re-scheduled for {copy.ScheduledEnqueueTime}, before the reset");
    }

    [Fact]
    public async Task Persistent_server_errors_are_retried_with_backoff_then_the_message_is_re_scheduled_and_its_copy_sends()
    {
        app.SendGrid.Script(Enumerable.Repeat(ScriptedResponse.ServerError, SendGridRetry.MaxAttempts).ToArray());
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert, deliveryCount: 3);

        Assert.Equal(SendGridRetry.MaxAttempts, app.SendGrid.Requests.Count);
        Assert.Equal(SendGridRetry.MaxAttempts - 1, app.Time.Delays.Count);
        Assert.All(app.Time.Delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), SendGridRetry.MaxDelay));
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        var copy = Assert.Single(app.Rescheduled);
        Assert.Contains("500", (string)copy.Properties![MessageRescheduler.LastErrorProperty]);
        Assert.Equal(1, copy.Properties[MessageRescheduler.AttemptProperty]);
        Assert.InRange(copy.ScheduledEnqueueTime!.Value - app.Time.GetUtcNow(), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30));
        Assert.Equal(DeliveryStatus.Pending, (await app.RecordOfAsync(alert))!.Status);

        // The copy, once SendGrid is back, sends it.
        await app.DeliverAsync(copy);

        Assert.Equal(SendGridRetry.MaxAttempts + 1, app.SendGrid.Requests.Count);
        Assert.Equal(Settlement.Completed, app.Actions.Settled[^1].Settlement);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(alert))!.Status);
    }

    [Fact]
    public async Task An_unreachable_SendGrid_is_retried_then_the_message_is_re_scheduled()
    {
        await app.SendGrid.DisposeAsync();

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Equal(SendGridRetry.MaxAttempts - 1, app.Time.Delays.Count);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains("could not be reached", (string)Assert.Single(app.Rescheduled).Properties![MessageRescheduler.LastErrorProperty]);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Credentials_SendGrid_refuses_keep_the_email_pending_log_the_cause_and_degrade_the_health(int status)
    {
        app.SendGrid.Script(new ScriptedResponse(status, """{"errors":[{"field":null,"message":"The provided authorization grant is invalid, expired, or revoked"}]}"""));
        var alert = SampleAlerts.Reached();

        await app.DeliverAsync(alert);

        Assert.Single(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Single(app.Rescheduled);
        Assert.Equal(DeliveryStatus.Pending, (await app.RecordOfAsync(alert))!.Status);
        Assert.Contains(app.Logs.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains("refused our credentials", StringComparison.Ordinal) && l.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "email");
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Contains("SendGrid__ApiKey", health.Entries["email"].Description);

        // Once the key is fixed, the copy sends it and the channel is healthy again.
        await app.DeliverAsync(app.Rescheduled[0]);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(alert))!.Status);
        Assert.Equal(HealthStatus.Healthy, (await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Name == "email")).Status);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_alert_make_exactly_one_SendGrid_request()
    {
        var alert = SampleAlerts.Reached();

        await Task.WhenAll(Enumerable.Range(1, 6).Select(n => app.DeliverAsync(alert, deliveryCount: n)));

        Assert.Single(app.SendGrid.Requests);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(alert))!.Status);
        Assert.All(app.Actions.Settled, s => Assert.Equal(Settlement.Completed, s.Settlement));
    }

    [Fact]
    public async Task A_message_still_failing_past_its_maximum_age_is_dead_lettered()
    {
        app.SendGrid.Script(ScriptedResponse.TooManyRequests(retryAfterSeconds: 600));
        var old = new OutgoingMessage(SampleAlerts.Reached().AlertId + "~retry-9", AlertMessage.Subject, BinaryData.FromObjectAsJson(SampleAlerts.Reached(), AppJson.Options))
        {
            Properties = new Dictionary<string, object>
            {
                [MessageRescheduler.AttemptProperty] = 9,
                [MessageRescheduler.FirstEnqueuedProperty] = app.Time.GetUtcNow().AddHours(-23.9).ToString("O"),
                [MessageRescheduler.OriginalMessageIdProperty] = SampleAlerts.Reached().AlertId,
            },
        };

        await app.DeliverAsync(old);

        var settled = app.Actions.Only;
        Assert.Equal(Settlement.DeadLettered, settled.Settlement);
        Assert.Equal(MessageRescheduler.MaxAgeExceededReason, settled.Reason);
        Assert.Contains("429", settled.Description);
        Assert.Empty(app.Rescheduled);
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
        var record = (await app.RecordOfAsync(SampleAlerts.Reached()))!;
        Assert.Equal(DeliveryStatus.Refused, record.Status);
        Assert.Contains("Does not contain a valid address.", record.Detail);
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
        { "unknown creator", null, "no email address" },
        { "no email address", SampleAlerts.Profile(email: " "), "no email address" },
        { "opted out", SampleAlerts.Profile(preferences: new EmailPreferences(MilestoneAlerts: false, WeeklyReports: true)), "opted out" },
    };

    [Theory]
    [MemberData(nameof(Skipped))]
    public async Task A_creator_who_cannot_or_will_not_get_the_email_is_suppressed_with_a_logged_reason(string why, CreatorProfile? profile, string loggedReason)
    {
        var creatorId = "creator-" + why.Replace(' ', '-');
        if (profile is not null)
        {
            app.Creators.Add(profile with { CreatorId = creatorId });
        }

        var alert = SampleAlerts.Reached(creatorId);
        await app.DeliverAsync(alert);

        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains(app.Logs.Lines, l => l.Contains(loggedReason, StringComparison.Ordinal) && l.Contains(creatorId, StringComparison.Ordinal));
        var record = (await app.RecordOfAsync(alert))!;
        Assert.Equal(DeliveryStatus.Suppressed, record.Status);
        Assert.Contains(loggedReason, record.Detail);

        // Settled: a redelivery after the creator opts back in or adds an address sends nothing.
        app.Creators.Add(SampleAlerts.Profile() with { CreatorId = creatorId });
        await app.DeliverAsync(alert, deliveryCount: 2);
        Assert.Empty(app.SendGrid.Requests);
    }

    [Fact]
    public async Task An_erased_creators_email_is_suppressed_and_nothing_is_written_back_into_their_partition()
    {
        var alert = SampleAlerts.Reached("creator-erased");
        await app.Services.GetRequiredService<Functions.Erasure.ErasureStore>().MarkErasedAsync("creator-erased", NodaTime.Instant.FromUtc(2027, 2, 2, 14, 0), CancellationToken.None);

        await app.DeliverAsync(alert);

        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains(app.Logs.Lines, l => l.Contains("erased", StringComparison.Ordinal));
        Assert.Null(await app.RecordOfAsync(alert));
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
    public async Task Storage_unavailable_re_schedules_the_message()
    {
        app.Creators.Unavailable = true;

        await app.DeliverAsync(SampleAlerts.Reached());

        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains("Storage unavailable", (string)Assert.Single(app.Rescheduled).Properties![MessageRescheduler.LastErrorProperty]);
    }

    [Fact]
    public async Task When_the_queue_cannot_take_the_copy_the_message_is_abandoned_instead()
    {
        app.Creators.Unavailable = true;
        app.Queue.IsDown = true;

        await app.DeliverAsync(SampleAlerts.Reached());

        var settled = app.Actions.Only;
        Assert.Equal(Settlement.Abandoned, settled.Settlement);
        Assert.Contains("Storage unavailable", (string)settled.Properties![MessageRescheduler.LastErrorProperty]);
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
