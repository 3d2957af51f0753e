using System.Text.Json;
using CreatorAccountHealth.TestSupport;

namespace CreatorAccountHealth.Functions.Tests;

/// <summary>
/// The Functions host reads functions.metadata, not our attributes: this checks what the Worker SDK generated is
/// what the routes contract says.
/// </summary>
public class FunctionMetadataTests
{
    public static TheoryData<string, string, string, string[], string> HttpFunctions => new()
    {
        { "PlatformWebhook", "webhooks/platform", "Anonymous", ["post"], "the HMAC signature authenticates the platform" },
        { "GetCreatorStanding", "creators/{creatorId}/standing", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "ListCreatorReports", "creators/{creatorId}/reports", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "GetLatestCreatorReport", "creators/{creatorId}/reports/latest", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "GetCreatorReport", "creators/{creatorId}/reports/{reportId}", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "ListCreatorQuizzes", "creators/{creatorId}/quizzes", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "StartQuizAttempt", "creators/{creatorId}/quizzes/{violationId}/attempts", "Anonymous", ["post"], "the creator's bearer token is the gate" },
        { "SubmitQuizAnswers", "creators/{creatorId}/quizzes/{violationId}/attempts/{attemptId}/answers", "Anonymous", ["post"], "the creator's bearer token is the gate" },
        { "GetQuizAttempt", "creators/{creatorId}/quizzes/{violationId}/attempts/{attemptId}", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "Health", "health", "Anonymous", ["get"], "probes carry no key" },
        { "GetOpenApiDocument", "openapi.json", "Anonymous", ["get"], "the published contract is public" },
        { "GetPlatformEventSchemas", "schemas/platform-events.json", "Anonymous", ["get"], "the published contract is public" },
        { "RebuildCreatorAccount", "{area:regex(^admin$)}/creators/{creatorId}/account/rebuild", "Anonymous", ["post"], "an admin token is the gate" },
        { "CreateAccountLink", "{area:regex(^admin$)}/creators/{creatorId}/account-link", "Anonymous", ["post"], "an admin token is the gate" },
        { "ShowUnsubscribe", "email/unsubscribe", "Anonymous", ["get"], "the signed unsubscribe token is the authority" },
        { "OneClickUnsubscribe", "email/unsubscribe", "Anonymous", ["post"], "the signed unsubscribe token is the authority (RFC 8058)" },
        { "StartWeeklyReportsNow", "{area:regex(^admin$)}/weekly-reports", "Anonymous", ["post"], "an admin token is the gate" },
        { "RedriveDeadLetters", "{area:regex(^admin$)}/queues/{queueName}/dead-letters/redrive", "Anonymous", ["post"], "an admin token is the gate" },
        { "CreateTraining", "{area:regex(^admin$)}/trainings", "Anonymous", ["post"], "an admin token is the gate" },
        { "ListTrainings", "{area:regex(^admin$)}/trainings", "Anonymous", ["get"], "an admin token is the gate" },
        { "GetTraining", "{area:regex(^admin$)}/trainings/{trainingId}", "Anonymous", ["get"], "an admin token is the gate" },
        { "UpdateTraining", "{area:regex(^admin$)}/trainings/{trainingId}", "Anonymous", ["put"], "an admin token is the gate" },
        { "CancelTraining", "{area:regex(^admin$)}/trainings/{trainingId}", "Anonymous", ["delete"], "an admin token is the gate" },
        { "InviteToTraining", "{area:regex(^admin$)}/trainings/{trainingId}/invitations", "Anonymous", ["post"], "an admin token is the gate" },
        { "CheckInToTraining", "{area:regex(^admin$)}/trainings/{trainingId}/check-ins", "Anonymous", ["post"], "an admin token is the gate" },
        { "EraseCreator", "{area:regex(^admin$)}/creators/{creatorId}", "Anonymous", ["delete"], "an admin token is the gate" },
        { "ListCreatorTrainings", "creators/{creatorId}/trainings", "Anonymous", ["get"], "the creator's bearer token is the gate" },
        { "RegisterForTraining", "creators/{creatorId}/trainings/{trainingId}/registration", "Anonymous", ["post"], "the creator's bearer token is the gate" },
        { "WithdrawFromTraining", "creators/{creatorId}/trainings/{trainingId}/registration", "Anonymous", ["delete"], "the creator's bearer token is the gate" },
        { "BookMockLivestreamSlot", "creators/{creatorId}/trainings/{trainingId}/mock-livestream-slot", "Anonymous", ["post"], "the creator's bearer token is the gate" },
        { "GetAccountPage", "account", "Anonymous", ["get"], "the session cookie or the creator's bearer token is the gate" },
        { "GetAccountReport", "account/reports/{reportId}", "Anonymous", ["get"], "the session cookie or the creator's bearer token is the gate" },
        { "GetAccountQuiz", "account/quizzes/{violationId}", "Anonymous", ["get"], "the session cookie or the creator's bearer token is the gate" },
        { "StartAccountQuizAttempt", "account/quizzes/{violationId}/attempts", "Anonymous", ["post"], "the session cookie or the creator's bearer token is the gate" },
        { "SubmitAccountQuizAnswers", "account/quizzes/{violationId}/attempts/{attemptId}", "Anonymous", ["post"], "the session cookie or the creator's bearer token is the gate" },
        { "AnswerAccountWorkshop", "account/workshops/{trainingId}/registration", "Anonymous", ["post"], "the session cookie or the creator's bearer token is the gate" },
        { "BookAccountWorkshopSlot", "account/workshops/{trainingId}/slot", "Anonymous", ["post"], "the session cookie or the creator's bearer token is the gate" },
        { "EnterAccount", "account/enter", "Anonymous", ["get"], "the signed link in the query is the credential" },
        { "SetAccountEmailPreference", "account/preferences", "Anonymous", ["post"], "the session cookie or the creator's bearer token is the gate" },
        { "GetAccountWorkshopCalendar", "account/workshops/{trainingId}/calendar.ics", "Anonymous", ["get"], "the session cookie or the creator's bearer token is the gate" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_functions_have_their_route_methods_and_auth_level(string name, string route, string authLevel, string[] methods, string why)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.True(authLevel == trigger.GetProperty("authLevel").GetString(), $"{name}: auth level {authLevel} because {why}");
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
    }

    /// <summary>
    /// What the official Microsoft.Azure.Functions.Worker.Extensions.ServiceBus attribute produces, which our stand-in
    /// (ServiceBus/ServiceBusTriggerAttribute.cs) must match: the host's Service Bus extension reads exactly this.
    /// </summary>
    [Fact]
    public void SendAlertEmail_reads_the_alert_queue_and_settles_its_messages_itself()
    {
        var trigger = Trigger("SendAlertEmail");

        Assert.Equal("serviceBusTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal("message", trigger.GetProperty("name").GetString());
        Assert.Equal("%AlertsQueueName%", trigger.GetProperty("queueName").GetString());
        Assert.Equal("ServiceBusConnection", trigger.GetProperty("connection").GetString());
        Assert.False(trigger.GetProperty("autoCompleteMessages").GetBoolean(), "the function completes or dead-letters each message itself");
        Assert.False(trigger.GetProperty("isSessionsEnabled").GetBoolean());
        Assert.Equal("One", trigger.GetProperty("cardinality").GetString());
        Assert.False(trigger.TryGetProperty("dataType", out _), "a ServiceBusReceivedMessage is bound from the raw AMQP message, not a string or bytes");
        Assert.Equal("True", trigger.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString());
    }

    [Fact]
    public void SendTrainingEmail_reads_the_training_email_queue_and_settles_its_messages_itself()
    {
        var trigger = Trigger("SendTrainingEmail");

        Assert.Equal("serviceBusTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal("message", trigger.GetProperty("name").GetString());
        Assert.Equal("%TrainingEmailsQueueName%", trigger.GetProperty("queueName").GetString());
        Assert.Equal("ServiceBusConnection", trigger.GetProperty("connection").GetString());
        Assert.False(trigger.GetProperty("autoCompleteMessages").GetBoolean(), "the function completes, abandons or dead-letters each message itself");
        Assert.False(trigger.GetProperty("isSessionsEnabled").GetBoolean());
        Assert.Equal("One", trigger.GetProperty("cardinality").GetString());
        Assert.False(trigger.TryGetProperty("dataType", out _), "a ServiceBusReceivedMessage is bound from the raw AMQP message, not a string or bytes");
        Assert.Equal("True", trigger.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString());
    }

    [Fact]
    public void RepublishAlerts_runs_on_the_schedule_its_setting_names()
    {
        var trigger = Trigger("RepublishAlerts");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%AlertsRepublishSchedule%", trigger.GetProperty("schedule").GetString());
    }

    [Fact]
    public void RepublishTrainingEmails_runs_on_the_schedule_its_setting_names_and_not_at_start_up()
    {
        var trigger = Trigger("RepublishTrainingEmails");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%TrainingEmailsRepublishSchedule%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean(), "the schedule alone decides when it runs");
    }

    [Fact]
    public void BuildWeeklyReports_reads_the_report_queue_and_binds_its_payload()
    {
        var trigger = Trigger("BuildWeeklyReports");

        Assert.Equal("serviceBusTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("message", trigger.GetProperty("name").GetString());
        Assert.Equal("%ReportsQueueName%", trigger.GetProperty("queueName").GetString());
        Assert.Equal("ServiceBusConnection", trigger.GetProperty("connection").GetString());
        Assert.True(trigger.GetProperty("autoCompleteMessages").GetBoolean(), "a failure is retried by redelivery; nothing is settled by hand");
        Assert.Equal("One", trigger.GetProperty("cardinality").GetString());
        Assert.False(trigger.GetProperty("properties").TryGetProperty("supportsDeferredBinding", out _), "the payload binds from the body, not the raw AMQP message");
    }

    [Fact]
    public void StartWeeklyReports_runs_on_the_schedule_its_setting_names_and_retries_a_failed_fan_out()
    {
        var function = Metadata().Single(f => f.GetProperty("name").GetString() == "StartWeeklyReports");
        var trigger = Trigger("StartWeeklyReports");

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%ReportsSchedule%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean(), "a restart must not start a run");
        Assert.Equal("exponentialBackoff", function.GetProperty("retry").GetProperty("strategy").GetString());
    }

    /// <summary>
    /// The host refuses to load a function whose route starts with "admin" or "runtime" (its own APIs), whatever the route
    /// prefix; the local runtime doesn't, so only this test notices before a deployment does.
    /// </summary>
    [Fact]
    public void No_http_route_is_in_the_hosts_reserved_space()
    {
        var routes = Metadata()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .Select(b => b.GetProperty("route").GetString()!.TrimStart('/'));

        Assert.All(routes, route => Assert.False(
            route.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase),
            $"route '{route}' is reserved by the Functions host"));
    }

    [Fact]
    public void Every_function_in_the_metadata_is_covered_by_these_tests()
    {
        var expected = HttpFunctions.Select(row => (string)row[0])
            .Append("SendAlertEmail").Append("RepublishAlerts").Append("BuildWeeklyReports").Append("StartWeeklyReports")
            .Append("SendTrainingEmail").Append("RepublishTrainingEmails").Order();

        Assert.Equal(expected, Metadata().Select(f => f.GetProperty("name").GetString()!).Order());
    }

    [Fact]
    public void Every_function_runs_in_the_isolated_worker_assembly()
    {
        Assert.All(Metadata(), f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("CreatorAccountHealth.Functions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    private static JsonElement Trigger(string functionName) =>
        Metadata().Single(f => f.GetProperty("name").GetString() == functionName)
            .GetProperty("bindings").EnumerateArray()
            .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    internal static List<JsonElement> Metadata()
    {
        var path = Path.Combine(RepoPaths.BuildOutput("CreatorAccountHealth.Functions"), "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the function app (dotnet build Functions.sln).");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
