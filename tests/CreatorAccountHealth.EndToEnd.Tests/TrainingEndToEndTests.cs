using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// A workshop through the local runtime over HTTP: created, a creator invited by id, who lists it, accepts, books a
/// slot and checks in; the invitation email arrives with its calendar event, their standing is untouched and the
/// attendance is on record.
/// </summary>
public sealed class TrainingEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string CreatorId = "e2e-mai";

    [Fact]
    public async Task Create_invite_list_accept_book_check_in()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(new JsonObject
        {
            ["eventId"] = "e2e-training-profile",
            ["type"] = "creator.upserted",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddDays(-1).ToString("O"),
            ["creator"] = new JsonObject { ["id"] = CreatorId, ["email"] = "mai@shop.example", ["displayName"] = "Mai Tran" },
        }.ToJsonString())).StatusCode);

        // Starts in 30 minutes, in a zone where it is around midday, so check-in (on the workshop's local day) is open now.
        var now = DateTimeOffset.UtcNow;
        var start = now.AddMinutes(30);
        var created = await app.Http.PostAsJsonAsync("/api/admin/trainings", new
        {
            title = "Live selling clinic",
            city = "Lisbon",
            venue = "Rua Exemplo 1, Lisboa",
            startsAt = start.ToString("O"),
            endsAt = start.AddHours(4).ToString("O"),
            timeZone = MiddayZone(now),
            capacity = 10,
            agenda = "Mock livestreams, then team tables.",
            teams = new[] { new { team = "education", topics = new[] { "policy academy" } } },
            mockLivestreamSlots = new { count = 4, minutes = 20 },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await app.JsonAsync(created))["id"]!.GetValue<string>();
        Assert.Equal($"/api/admin/trainings/{id}", created.Headers.Location!.ToString());

        var invited = await app.JsonAsync(await app.Http.PostAsJsonAsync($"/api/admin/trainings/{id}/invitations", new { creatorIds = new[] { CreatorId } }));
        Assert.Equal(CreatorId, invited["invited"]![0]!.GetValue<string>());

        // The invitation travels the whole way: outbox in the workshop, the queue, SendTrainingEmail, SendGrid, with the .ics.
        var invitation = (await app.WaitForEmailToAsync("mai@shop.example")).Json;
        Assert.Equal("training-invitation", invitation.GetProperty("categories")[0].GetString());
        var attachment = invitation.GetProperty("attachments")[0];
        Assert.Equal("invite.ics", attachment.GetProperty("filename").GetString());
        // Unfolded (RFC 5545 §3.1: long lines continue after CRLF + one space).
        var ics = Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!)).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains($"UID:training-{id}@trainings.creator-account-health", ics);
        Assert.Contains("METHOD:REQUEST", ics);
        Assert.Contains("SUMMARY:Live selling clinic", ics);

        var listed = await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{CreatorId}/trainings"));
        Assert.Equal(id, listed["items"]![0]!["training"]!["id"]!.GetValue<string>());
        Assert.Equal("invited", listed["items"]![0]!["status"]!.GetValue<string>());

        var accepted = await app.Http.PostAsJsonAsync($"/api/creators/{CreatorId}/trainings/{id}/registration", new { teams = new[] { "education" } });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("registered", (await app.JsonAsync(accepted))["status"]!.GetValue<string>());

        var slot = await app.Http.PostAsJsonAsync($"/api/creators/{CreatorId}/trainings/{id}/mock-livestream-slot", new { slotId = "slot-3" });
        Assert.Equal(HttpStatusCode.OK, slot.StatusCode);

        var checkIn = await app.Http.PostAsJsonAsync($"/api/admin/trainings/{id}/check-ins", new { creatorId = CreatorId });
        Assert.Equal(HttpStatusCode.Created, checkIn.StatusCode);

        var desk = await app.JsonAsync(await app.Http.GetAsync($"/api/admin/trainings/{id}"));
        Assert.Equal(CreatorId, desk["checkIns"]![0]!["creatorId"]!.GetValue<string>());

        var after = (await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{CreatorId}/trainings")))["items"]![0]!;
        Assert.Equal("registered", after["status"]!.GetValue<string>());
        Assert.Equal("slot-3", after["slotId"]!.GetValue<string>());
        Assert.NotNull(after["checkedInAt"]);
        Assert.Equal("education", after["teams"]![0]!.GetValue<string>());

        var standing = await app.JsonAsync(await app.Http.GetAsync($"/api/creators/{CreatorId}/standing"));
        Assert.Equal(0, standing["activePoints"]!.GetValue<int>());
        Assert.Null(standing["currentMilestone"]);

        // One slot per creator per workshop.
        var secondSlot = await app.Http.PostAsJsonAsync($"/api/creators/{CreatorId}/trainings/{id}/mock-livestream-slot", new { slotId = "slot-1" });
        Assert.Equal(HttpStatusCode.Conflict, secondSlot.StatusCode);
        Assert.Equal("application/problem+json", secondSlot.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>A fixed-offset zone whose local time is about noon now (Etc/GMT-N is UTC+N).</summary>
    private static string MiddayZone(DateTimeOffset now)
    {
        var offset = 12 - now.UtcDateTime.Hour;
        return offset switch
        {
            0 => "Etc/GMT",
            > 0 => $"Etc/GMT-{offset}",
            _ => $"Etc/GMT+{-offset}",
        };
    }
}
