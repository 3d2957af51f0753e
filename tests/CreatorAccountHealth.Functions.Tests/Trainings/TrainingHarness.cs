using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Functions.Hosting;
using CreatorAccountHealth.Functions.Tests.Integration;
using CreatorAccountHealth.Functions.Trainings;
using CreatorAccountHealth.TestSupport;
using Microsoft.AspNetCore.Http;

namespace CreatorAccountHealth.Functions.Tests.Trainings;

/// <summary>The trainings endpoints called the way the host calls them, over a real app (<see cref="AppHarness"/>).</summary>
internal sealed class TrainingHarness(AppHarness app) : IAsyncDisposable
{
    public const string QueueName = "training-emails";

    /// <summary>Thursday 10 December 2026, 09:00–17:00 UTC (London is on GMT), two weeks after the harness clock.</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);

    public AppHarness App { get; } = app;

    public static async Task<TrainingHarness> StartAsync(CosmosServer cosmos) =>
        new(await AppHarness.StartAsync(cosmos.ConnectionString, cosmos.NewDatabaseName()));

    public static JsonObject Details(int capacity = 2, int slots = 3, int minutes = 30, string venue = "1 Example Street, London") => new()
    {
        ["title"] = "Livestream selling, done right",
        ["city"] = "London",
        ["venue"] = venue,
        ["startsAt"] = "2026-12-10T09:00:00Z",
        ["endsAt"] = "2026-12-10T17:00:00Z",
        ["timeZone"] = "Europe/London",
        ["capacity"] = capacity,
        ["agenda"] = "09:00 welcome; 10:00 mock livestreams",
        ["teams"] = new JsonArray(
            new JsonObject { ["team"] = "policy", ["topics"] = new JsonArray("dangerous acts", "counterfeits") },
            new JsonObject { ["team"] = "campaigns", ["topics"] = new JsonArray("Q1 campaigns") }),
        ["mockLivestreamSlots"] = new JsonObject { ["count"] = slots, ["minutes"] = minutes },
    };

    /// <summary>Creators the app knows (a profile each, through the webhook).</summary>
    public async Task KnownCreatorsAsync(params string[] creatorIds)
    {
        foreach (var id in creatorIds)
        {
            var response = await App.PostWebhookAsync(Events.CreatorUpserted("profile-" + id, id, id + "@shop.example", "2026-11-01T09:00:00Z"));
            Assert.True(response.Status is 200 or 202, response.Body);
        }
    }

    /// <summary>A workshop created through the endpoint, with these (known) creators invited; its id.</summary>
    public async Task<string> WorkshopAsync(int capacity = 2, int slots = 3, params string[] invited)
    {
        var created = await CreateAsync(Details(capacity, slots).ToJsonString());
        Assert.True(created.Status == 201, created.Body);
        var id = created.Json.GetProperty("id").GetString()!;
        if (invited.Length > 0)
        {
            await KnownCreatorsAsync(invited);
            var invitation = await InviteAsync(id, new JsonObject { ["creatorIds"] = new JsonArray(invited.Select(i => (JsonNode)i!).ToArray()) }.ToJsonString());
            Assert.True(invitation.Status == 200, invitation.Body);
        }

        return id;
    }

    public Task<AppHarness.Response> CreateAsync(string body) =>
        Call(HttpMethods.Post, body, (f, r) => f.Create(r, CancellationToken.None));

    /// <summary><c>GET /api/admin/trainings</c>, with a query string such as <c>?upcoming=true</c>.</summary>
    public async Task<AppHarness.Response> ListWorkshopsAsync(string query = "")
    {
        var context = App.Request(HttpMethods.Get);
        context.Request.QueryString = new QueryString(query);
        return await App.InvokeAsync<AdminTrainingFunctions>(context, (f, r) => f.List(r, CancellationToken.None));
    }

    public Task<AppHarness.Response> GetAsync(string id) =>
        Call(HttpMethods.Get, null, (f, r) => f.Get(r, id, CancellationToken.None));

    public Task<AppHarness.Response> UpdateAsync(string id, string body) =>
        Call(HttpMethods.Put, body, (f, r) => f.Update(r, id, CancellationToken.None));

    public Task<AppHarness.Response> CancelAsync(string id) =>
        Call(HttpMethods.Delete, null, (f, r) => f.Cancel(r, id, CancellationToken.None));

    public Task<AppHarness.Response> InviteAsync(string id, string body) =>
        Call(HttpMethods.Post, body, (f, r) => f.Invite(r, id, CancellationToken.None));

    public Task<AppHarness.Response> CheckInAsync(string id, string creatorId) =>
        Call(HttpMethods.Post, new JsonObject { ["creatorId"] = creatorId }.ToJsonString(), (f, r) => f.CheckIn(r, id, CancellationToken.None));

    public Task<AppHarness.Response> ListAsync(string creatorId) =>
        CallCreator(HttpMethods.Get, null, (f, r) => f.List(r, creatorId, CancellationToken.None));

    public Task<AppHarness.Response> RegisterAsync(string creatorId, string id, string? body = null) =>
        CallCreator(HttpMethods.Post, body, (f, r) => f.Register(r, creatorId, id, CancellationToken.None));

    public Task<AppHarness.Response> WithdrawAsync(string creatorId, string id) =>
        CallCreator(HttpMethods.Delete, null, (f, r) => f.Withdraw(r, creatorId, id, CancellationToken.None));

    public Task<AppHarness.Response> BookSlotAsync(string creatorId, string id, string slotId) =>
        CallCreator(HttpMethods.Post, new JsonObject { ["slotId"] = slotId }.ToJsonString(), (f, r) => f.BookSlot(r, creatorId, id, CancellationToken.None));

    /// <summary>The training emails on the queue so far, in send order.</summary>
    public List<(string MessageId, TrainingEmailMessage Message)> Emails() =>
        App.Queue.Sent.Where(s => s.Queue == QueueName)
            .Select(s =>
            {
                Assert.Equal(TrainingEmailMessage.Subject, s.Message.Subject);
                return (s.Message.MessageId, s.Message.Body.ToObjectFromJson<TrainingEmailMessage>(AppJson.Options)!);
            })
            .ToList();

    public void At(DateTimeOffset now) => App.Time.SetUtcNow(now);

    public ValueTask DisposeAsync() => App.DisposeAsync();

    private Task<AppHarness.Response> Call(string method, string? body, Expression<Func<AdminTrainingFunctions, HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>>> run) =>
        App.InvokeAsync(App.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body)), run);

    private Task<AppHarness.Response> CallCreator(string method, string? body, Expression<Func<CreatorTrainingFunctions, HttpRequest, Task<Microsoft.AspNetCore.Mvc.IActionResult>>> run) =>
        App.InvokeAsync(App.Request(method, body is null ? null : Encoding.UTF8.GetBytes(body)), run);
}

internal static class ResponseAssertions
{
    /// <summary>Asserts an RFC 7807 problem with this status (and reason, when given); returns its JSON.</summary>
    public static JsonElement Problem(this AppHarness.Response response, int status, string? reason = null)
    {
        Assert.True(response.Status == status, $"expected {status}, got {response.Status}: {response.Body}");
        Assert.StartsWith("application/problem+json", response.ContentType);
        var json = response.Json;
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        if (reason is not null)
        {
            Assert.Equal(reason, json.GetProperty("reason").GetString());
        }

        return json;
    }

    public static JsonElement Ok(this AppHarness.Response response, int status = 200)
    {
        Assert.True(response.Status == status, $"expected {status}, got {response.Status}: {response.Body}");
        return response.Json;
    }
}
