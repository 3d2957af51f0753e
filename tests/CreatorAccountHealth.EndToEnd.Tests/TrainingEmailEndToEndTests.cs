using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Messaging;
using CreatorAccountHealth.Functions.Trainings;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// A training email message on the local runtime's in-process queue, as the trainings API queues it, reaches
/// SendTrainingEmail (discovered from its trigger like the other Service Bus functions) and leaves as one email with
/// the workshop's .ics attached.
/// </summary>
public sealed class TrainingEmailEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    [Fact]
    public async Task A_queued_invitation_is_emailed_once_with_its_calendar_event()
    {
        var profile = new JsonObject
        {
            ["eventId"] = "e2e-profile-trainee",
            ["type"] = "creator.upserted",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-3).ToString("O"),
            ["creator"] = new JsonObject { ["id"] = "e2e-trainee", ["email"] = "trainee@shop.example", ["displayName"] = "Tess Trainee" },
        }.ToJsonString();
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(profile)).StatusCode);

        var start = SystemClock.Instance.GetCurrentInstant() + Duration.FromDays(30);
        var training = new TrainingSnapshot(
            "e2e-workshop", 1, "Going live with confidence", "Lisbon", "Hub Criativo do Beato", start, start + Duration.FromHours(5),
            "Europe/Lisbon", "Welcome\nMock livestreams", [new TrainingTeamSnapshot("Policy", ["Product claims"])], 4, 20, start - Duration.FromHours(48));
        var message = new TrainingEmailMessage(
            TrainingEmailMessage.IdFor("e2e-trainee", training.TrainingId, TrainingEmailKind.Invitation, 1),
            TrainingEmailKind.Invitation, "e2e-trainee", training, SystemClock.Instance.GetCurrentInstant());
        var queue = app.Services.GetRequiredService<IQueueSender>();
        var outgoing = new OutgoingMessage(message.EmailId, TrainingEmailMessage.Subject, BinaryData.FromObjectAsJson(message, AppJson.Options));

        await queue.SendAsync("training-emails", outgoing, CancellationToken.None);
        var email = await app.WaitForEmailToAsync("trainee@shop.example");

        var mail = email.Json;
        Assert.StartsWith("You're invited: Going live with confidence in Lisbon", mail.GetProperty("subject").GetString());
        var attachment = mail.GetProperty("attachments")[0];
        Assert.Equal("invite.ics", attachment.GetProperty("filename").GetString());
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!));
        Assert.Contains("UID:training-e2e-workshop@trainings.creator-account-health", ics);
        Assert.Contains("DTSTART;TZID=Europe/Lisbon:", ics);

        // The same message again: duplicate detection drops it here; past its window the delivery record would. One email.
        await queue.SendAsync("training-emails", outgoing, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.SendGrid.Requests, r => r.Body.Contains("trainee@shop.example"));
    }
}
