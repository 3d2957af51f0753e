using System.Net;
using System.Text.Json.Nodes;
using CreatorAccountHealth.Client;
using CreatorAccountHealth.Client.Models;
using CreatorAccountHealth.Functions.Policies;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace CreatorAccountHealth.EndToEnd.Tests;

/// <summary>
/// A client nobody wrote by hand: Kiota generates it from the contract in this project's build (see the csproj), and a
/// creator's journey runs through it against the local runtime: a violation in, the standing, a quiz passed, a
/// workshop accepted.
/// </summary>
public sealed class GeneratedClientEndToEndTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string Creator = "e2e-kiota-creator";

    [Fact]
    public async Task A_violation_the_standing_a_passed_quiz_and_an_accepted_workshop_through_the_generated_client()
    {
        var client = new CreatorAccountHealthClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: app.Http)
        {
            BaseUrl = new Uri(app.Http.BaseAddress!, "/api").ToString(),
        });
        var issuedAt = DateTimeOffset.UtcNow.AddHours(-1);
        var webhook = new JsonObject
        {
            ["eventId"] = "e2e-kiota-evt-1",
            ["type"] = "violation.issued",
            ["occurredAt"] = issuedAt.ToString("O"),
            ["violation"] = new JsonObject
            {
                ["id"] = "e2e-kiota-v-1", ["creatorId"] = Creator, ["policyCode"] = "dangerous-acts",
                ["surface"] = "livestream", ["contentId"] = "live-1", ["issuedAt"] = issuedAt.ToString("O"),
            },
        }.ToJsonString();
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostWebhookAsync(webhook)).StatusCode);

        var before = await client.Creators[Creator].Standing.GetAsync();
        Assert.Equal(10, before!.ActivePoints);
        Assert.Equal("e2e-kiota-v-1", Assert.Single(before.ActiveViolations!).ViolationId);

        var quizzes = await client.Creators[Creator].Quizzes.GetAsync();
        Assert.True(Assert.Single(quizzes!.Quizzes!).CanStart);
        var attempt = await client.Creators[Creator].Quizzes["e2e-kiota-v-1"].Attempts.PostAsync();
        var bank = new PolicyCatalogOptions().Load().Get("dangerous-acts").QuizBank;
        var graded = await client.Creators[Creator].Quizzes["e2e-kiota-v-1"].Attempts[attempt!.AttemptId!].Answers.PostAsync(new QuizAnswers
        {
            Answers = attempt.Questions!.Select(q => new QuizAnswers_answers
            {
                QuestionId = q.QuestionId, OptionId = bank.Single(b => b.Id == q.QuestionId).CorrectOptionId,
            }).ToList(),
        });
        Assert.True(graded!.Passed);
        Assert.True(graded.PointRemoved);
        Assert.Equal(9, (await client.Creators[Creator].Standing.GetAsync())!.ActivePoints);

        var startsAt = DateTimeOffset.UtcNow.AddDays(10);
        var workshop = await client.Admin.Trainings.PostAsync(new TrainingRequest
        {
            Title = "Live selling clinic", City = "Berlin", Venue = "Alexanderplatz 1",
            StartsAt = startsAt, EndsAt = startsAt.AddHours(6), TimeZone = "Europe/Berlin", Capacity = 20, Agenda = "Mock livestreams",
            Teams = [new Team { TeamProp = "policy", Topics = ["dangerous acts"] }],
            MockLivestreamSlots = new TrainingRequest_mockLivestreamSlots { Count = 2, Minutes = 20 },
        });
        var invited = await client.Admin.Trainings[workshop!.Id!].Invitations.PostAsync(new InvitationRequest { CreatorIds = [Creator] });
        Assert.Equal([Creator], invited!.Invited);
        var registration = await client.Creators[Creator].Trainings[workshop.Id!].Registration.PostAsync(new RegistrationRequest { Teams = ["policy"] });
        Assert.Equal(Registration_status.Registered, registration!.Status);
        var mine = await client.Creators[Creator].Trainings.GetAsync();
        Assert.Equal(workshop.Id, Assert.Single(mine!.Items!).Training!.Id);
    }
}
