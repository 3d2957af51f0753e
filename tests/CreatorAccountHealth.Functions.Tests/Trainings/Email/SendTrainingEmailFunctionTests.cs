using System.Text;
using System.Text.Json;
using CreatorAccountHealth.Domain.Notifications;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Notifications;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Tests.Email;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.Functions.Trainings.Email;
using CreatorAccountHealth.TestSupport;
using Ical.Net;
using NodaTime;

namespace CreatorAccountHealth.Functions.Tests.Trainings.Email;

/// <summary>
/// SendTrainingEmail against the local Cosmos DB protocol server (the delivery record, the creator's profile) and the
/// real SendGrid client posting to a local stand-in: what SendGrid receives, attachment included, and how every message
/// is settled.
/// </summary>
[Collection(CosmosServer.CollectionName)]
public sealed class SendTrainingEmailFunctionTests(CosmosServer cosmos) : IAsyncLifetime
{
    private TrainingEmailHarness app = null!;

    public async Task InitializeAsync()
    {
        app = await TrainingEmailHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName());
        await app.AddCreatorAsync(SampleTrainings.Profile());
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Sends_the_invitation_with_its_calendar_event_attached_and_records_it_sent()
    {
        var message = SampleTrainings.Message(TrainingEmailKind.Invitation);

        await app.DeliverAsync(message);

        var request = Assert.Single(app.SendGrid.Requests);
        Assert.Equal("/v3/mail/send", request.Path);
        var json = request.Json;
        var personalization = Assert.Single(json.GetProperty("personalizations").EnumerateArray());
        var to = Assert.Single(personalization.GetProperty("to").EnumerateArray());
        Assert.Equal(SampleTrainings.Email, to.GetProperty("email").GetString());
        Assert.Equal(SampleTrainings.DisplayName, to.GetProperty("name").GetString());
        Assert.Equal(message.EmailId, personalization.GetProperty("custom_args").GetProperty("trainingEmailId").GetString());
        Assert.Equal(SampleTrainings.TrainingId, personalization.GetProperty("custom_args").GetProperty("trainingId").GetString());
        Assert.Equal(TrainingEmailHarness.FromEmail, json.GetProperty("from").GetProperty("email").GetString());
        Assert.Equal("You're invited: Selling live, safely in Berlin, 20 March 2027", json.GetProperty("subject").GetString());
        Assert.Equal(["training-invitation"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var content = json.GetProperty("content").EnumerateArray().ToDictionary(c => c.GetProperty("type").GetString()!, c => c.GetProperty("value").GetString()!);
        Assert.Contains("Saturday, 20 March 2027, 10:00 to 16:00 CET", content["text/plain"]);
        Assert.StartsWith("<!DOCTYPE html>", content["text/html"]);

        var attachment = Assert.Single(json.GetProperty("attachments").EnumerateArray());
        Assert.Equal("invite.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar; method=REQUEST; charset=UTF-8", attachment.GetProperty("type").GetString());
        Assert.Equal("attachment", attachment.GetProperty("disposition").GetString());
        var calendar = Calendar.Load(Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)))!;
        Assert.Equal("REQUEST", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(TrainingCalendarEvent.UidOf(SampleTrainings.TrainingId), e.Uid);
        Assert.Equal(new Uri("mailto:" + TrainingEmailHarness.FromEmail), e.Organizer!.Value);
        Assert.Equal(TrainingEmailHarness.FromName, e.Organizer.CommonName);
        Assert.Equal(new Uri("mailto:" + SampleTrainings.Email), Assert.Single(e.Attendees).Value);

        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        var record = (await app.RecordOfAsync(message))!;
        Assert.Equal(SampleTrainings.CreatorId, record.CreatorId);
        Assert.Equal(DeliveryStatus.Sent, record.Status);
        Assert.Equal(EmailKind.Workshop, record.Kind);
        Assert.Equal(EmailKeys.Workshop(message.EmailId), record.Key);
    }

    [Fact]
    public async Task Workshop_emails_link_to_the_workshop_on_the_page_and_the_preferences_but_have_no_unsubscribe()
    {
        var message = SampleTrainings.Message(TrainingEmailKind.Invitation);

        await app.DeliverAsync(message);

        var mail = Assert.Single(app.SendGrid.Requests).Json;
        var (html, text) = Links.EmailLinkAssertions.Content(mail);
        var targets = await Links.EmailLinkAssertions.PageTargetsAsync(Links.EmailLinkAssertions.Hrefs(html), SampleTrainings.CreatorId, app.Time);

        Assert.Contains($"/api/account#workshop-{message.Training.TrainingId}", targets);
        Assert.Contains("/api/account#preferences", targets);
        Assert.Contains("Open it in your Account Standing: " + LinkTestSettings.PublicBaseUrl, text);
        Assert.False(mail.TryGetProperty("headers", out _)); // no opt-out for an answer to the creator's own invitation
    }

    [Fact]
    public async Task A_cancellation_attaches_a_CANCEL_for_the_same_event()
    {
        await app.DeliverAsync(SampleTrainings.Message(TrainingEmailKind.Cancelled, SampleTrainings.Berlin(revision: 2)));

        var json = Assert.Single(app.SendGrid.Requests).Json;
        Assert.Equal(["training-cancelled"], json.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        var attachment = Assert.Single(json.GetProperty("attachments").EnumerateArray());
        Assert.Equal("cancel.ics", attachment.GetProperty("filename").GetString());
        Assert.Equal("text/calendar; method=CANCEL; charset=UTF-8", attachment.GetProperty("type").GetString());
        var calendar = Calendar.Load(Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)))!;
        Assert.Equal("CANCEL", calendar.Method);
        Assert.Equal("CANCELLED", Assert.Single(calendar.Events).Status);
        Assert.Equal(TrainingCalendarEvent.UidOf(SampleTrainings.TrainingId), calendar.Events.Single().Uid);
        Assert.Equal(2, calendar.Events.Single().Sequence);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
    }

    [Fact]
    public async Task A_redelivery_or_a_resent_copy_of_a_sent_email_is_completed_without_sending_again()
    {
        var message = SampleTrainings.Message();

        await app.DeliverAsync(message, sequenceNumber: 7, deliveryCount: 1);
        await app.DeliverAsync(message, sequenceNumber: 7, deliveryCount: 2);
        await app.DeliverAsync(message, sequenceNumber: 912, deliveryCount: 1);

        Assert.Single(app.SendGrid.Requests);
        Assert.Equal(3, app.Actions.Settled.Count);
        Assert.All(app.Actions.Settled, s => Assert.Equal(Settlement.Completed, s.Settlement));
        Assert.Contains(app.Logs.Lines, l => l.Contains("is Sent already", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Copies_of_one_email_delivered_at_once_send_it_once()
    {
        var message = SampleTrainings.Message();

        await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() => app.DeliverAsync(message, sequenceNumber: i))));

        Assert.Single(app.SendGrid.Requests);
        Assert.Equal(6, app.Actions.Settled.Count);
        Assert.All(app.Actions.Settled, s => Assert.Equal(Settlement.Completed, s.Settlement));
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(message))!.Status);
    }

    [Fact]
    public async Task Another_deliverys_live_claim_re_schedules_this_copy_to_its_lease_end_and_a_lapsed_one_is_taken_over()
    {
        var message = SampleTrainings.Message();
        var key = EmailKeys.Workshop(message.EmailId);
        var leaseUntil = app.Now + Duration.FromMinutes(4);
        Assert.NotNull(await app.Ledger.TryWriteAsync(null, Claim(message, "another-delivery", leaseUntil), CancellationToken.None));

        // The same message redelivered (its lock lost) while the first delivery still sends: nothing sent, tried again after the lease.
        await app.DeliverAsync(message, sequenceNumber: 1, deliveryCount: 2);
        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.True(Assert.Single(app.Rescheduled).ScheduledEnqueueTime >= leaseUntil.ToDateTimeOffset());

        // A claim whose lease ran out (its delivery crashed) is taken over.
        var other = SampleTrainings.Message(TrainingEmailKind.Updated, SampleTrainings.Berlin(revision: 2));
        await app.Ledger.TryWriteAsync(null, Claim(other, "crashed-delivery", app.Now - Duration.FromSeconds(1)), CancellationToken.None);
        await app.DeliverAsync(other, sequenceNumber: 3);
        Assert.Single(app.SendGrid.Requests);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(other))!.Status);
    }

    private DeliveryRecord Claim(TrainingEmailMessage message, string owner, Instant leaseUntil) =>
        new(message.CreatorId, EmailKeys.Workshop(message.EmailId), EmailKind.Workshop, DeliveryStatus.Sending, 1, owner, leaseUntil, app.Now, null, null, null, null);

    [Fact]
    public async Task A_request_SendGrid_rejects_for_good_is_dead_lettered_settled_refused_and_only_a_redrive_tries_it_again()
    {
        app.SendGrid.Script(ScriptedResponse.BadRequest("attachments.0.type", "The attachment type is invalid."));
        var message = SampleTrainings.Message();

        await app.DeliverAsync(message, sequenceNumber: 1);

        Assert.Single(app.SendGrid.Requests);
        Assert.Empty(app.Time.Delays);
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.DeadLettered, settled.Settlement);
        Assert.Equal(EmailMessageSettlement.RefusedReason, settled.Reason);
        Assert.Contains("400", settled.Description);
        Assert.Contains("attachments.0.type: The attachment type is invalid.", settled.Description);
        var record = (await app.RecordOfAsync(message))!;
        Assert.Equal(DeliveryStatus.Refused, record.Status);
        Assert.Contains("attachments.0.type", record.Detail);

        // Settled: another copy sends nothing.
        await app.DeliverAsync(message, sequenceNumber: 2);
        Assert.Single(app.SendGrid.Requests);

        // The operator fixes the cause and re-drives the dead-letter queue: the re-driven message tries once more.
        await app.DeliverAsync(JsonSerializer.Serialize(message, AppJson.Options), message.EmailId, sequenceNumber: 3, properties: new Dictionary<string, object> { [EmailMessageSettlement.RedrivenProperty] = "2027-02-02T16:00:00Z" });

        Assert.Equal(2, app.SendGrid.Requests.Count);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(message))!.Status);
        Assert.Equal(Settlement.Completed, app.Actions.Settled[^1].Settlement);
    }

    [Fact]
    public async Task Persistent_server_errors_re_schedule_the_message_release_the_claim_and_another_copy_sends()
    {
        app.SendGrid.Script(Enumerable.Repeat(ScriptedResponse.ServerError, SendGridRetry.MaxAttempts).ToArray());
        var message = SampleTrainings.Message();

        await app.DeliverAsync(message, sequenceNumber: 1, deliveryCount: 3);

        Assert.Equal(SendGridRetry.MaxAttempts, app.SendGrid.Requests.Count);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains("500", (string)Assert.Single(app.Rescheduled).Properties![MessageRescheduler.LastErrorProperty]);
        Assert.Equal(DeliveryStatus.Pending, (await app.RecordOfAsync(message))!.Status);
        Assert.Contains(app.Logs.Lines, l => l.Contains("re-scheduled", StringComparison.Ordinal));

        // Released, so even another copy sends at once.
        await app.DeliverAsync(message, sequenceNumber: 2);

        Assert.Equal(SendGridRetry.MaxAttempts + 1, app.SendGrid.Requests.Count);
        Assert.Equal(Settlement.Completed, app.Actions.Settled[^1].Settlement);
        Assert.Equal(DeliveryStatus.Sent, (await app.RecordOfAsync(message))!.Status);
    }

    [Fact]
    public async Task An_unreachable_SendGrid_re_schedules_the_message()
    {
        await app.SendGrid.DisposeAsync();

        await app.DeliverAsync(SampleTrainings.Message());

        Assert.Equal(SendGridRetry.MaxAttempts - 1, app.Time.Delays.Count);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains("could not be reached", (string)Assert.Single(app.Rescheduled).Properties![MessageRescheduler.LastErrorProperty]);
    }

    [Theory]
    [InlineData("unknown creator", null)]
    [InlineData("no email address", " ")]
    public async Task A_creator_without_an_address_is_suppressed_with_a_logged_reason(string why, string? email)
    {
        var creatorId = "creator-" + why.Replace(' ', '-');
        if (email is not null)
        {
            await app.AddCreatorAsync(SampleTrainings.Profile(creatorId: creatorId, email: email), "evt-" + creatorId);
        }

        var message = SampleTrainings.Message(creatorId: creatorId);
        await app.DeliverAsync(message);

        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains(app.Logs.Lines, l => l.Contains("no email address", StringComparison.Ordinal) && l.Contains(creatorId, StringComparison.Ordinal));
        var record = (await app.RecordOfAsync(message))!;
        Assert.Equal(DeliveryStatus.Suppressed, record.Status);
        Assert.Equal(SuppressionReason.NoAddress, record.Suppression);
    }

    [Fact]
    public async Task The_address_is_read_when_sending_so_a_later_change_wins()
    {
        var later = SampleTrainings.Profile(email: "maya.new@example.com") with { UpdatedAt = Instant.FromUtc(2027, 1, 1, 0, 0) };
        await app.AddCreatorAsync(later, "evt-profile-2");

        await app.DeliverAsync(SampleTrainings.Message());

        var to = Assert.Single(app.SendGrid.Requests).Json.GetProperty("personalizations")[0].GetProperty("to")[0];
        Assert.Equal("maya.new@example.com", to.GetProperty("email").GetString());
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not JSON", "this is not json" },
        { "JSON null", "null" },
        { "no training", """{"emailId":"training-1","kind":"invitation","creatorId":"creator-1","decidedAt":"2027-02-02T15:00:00Z"}""" },
        { "empty email id", Json(SampleTrainings.Message() with { EmailId = "" }) },
        { "unknown kind", Json(SampleTrainings.Message()).Replace("\"kind\":\"invitation\"", "\"kind\":9", StringComparison.Ordinal) },
        { "unknown zone", Json(SampleTrainings.Message(training: SampleTrainings.Berlin() with { TimeZone = "Mars/Olympus_Mons" })) },
        { "ends before it starts", Json(SampleTrainings.Message(training: SampleTrainings.Berlin() with { EndsAt = SampleTrainings.Berlin().StartsAt })) },
        { "null topic", Json(SampleTrainings.Message()).Replace("\"Spring sale\"", "null", StringComparison.Ordinal) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_body_that_is_not_a_training_email_is_dead_lettered_at_once(string why, string body)
    {
        await app.DeliverAsync(body, messageId: "msg-" + why.Replace(' ', '-'));

        Assert.Empty(app.SendGrid.Requests);
        var settled = app.Actions.Only;
        Assert.Equal(Settlement.DeadLettered, settled.Settlement);
        Assert.Equal(SendTrainingEmailFunction.MalformedReason, settled.Reason);
        Assert.False(string.IsNullOrWhiteSpace(settled.Description), why);
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, AppJson.Options);
}

/// <summary>Storage down: the message is re-scheduled, nothing is sent.</summary>
public sealed class SendTrainingEmailStorageDownTests
{
    [Fact]
    public async Task Storage_unavailable_re_schedules_the_message()
    {
        await using var app = await TrainingEmailHarness.StartAsync(CosmosServer.UnreachableConnectionString(), "down", createDatabase: false);

        await app.DeliverAsync(SampleTrainings.Message());

        Assert.Empty(app.SendGrid.Requests);
        Assert.Equal(Settlement.Completed, app.Actions.Only.Settlement);
        Assert.Contains("Storage unavailable", (string)Assert.Single(app.Rescheduled).Properties![MessageRescheduler.LastErrorProperty]);
    }
}
