using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CreatorAccountHealth.Functions.Hosting;
using NodaTime;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>
/// Reads a <see cref="TrainingEmailMessage"/> off the queue with <see cref="AppJson.Options"/>, strictly: a missing field,
/// an unknown time zone or a workshop that ends before it starts is an error here, not a broken email or calendar event.
/// </summary>
public static class TrainingEmailMessageReader
{
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    public static bool TryRead(BinaryData body, [NotNullWhen(true)] out TrainingEmailMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        try
        {
            var read = body.ToObjectFromJson<TrainingEmailMessage>(Strict);
            error = read is null ? "The body is JSON null." : Problem(read);
            message = error is null ? read : null;
        }
        catch (JsonException e)
        {
            error = $"The body is not a training email message: {e.Message}";
        }

        return message is not null;
    }

    private static string? Problem(TrainingEmailMessage m)
    {
        var t = m.Training;
        return m switch
        {
            { EmailId: var id } when string.IsNullOrWhiteSpace(id) => "emailId is empty.",
            { CreatorId: var id } when string.IsNullOrWhiteSpace(id) => "creatorId is empty.",
            { Kind: var kind } when !Enum.IsDefined(kind) => $"kind {(int)kind} is not a training email kind.",
            _ when string.IsNullOrWhiteSpace(t.TrainingId) => "training.trainingId is empty.",
            _ when string.IsNullOrWhiteSpace(t.Title) => "training.title is empty.",
            _ when t.Revision < 0 => "training.revision is negative.",
            _ when DateTimeZoneProviders.Tzdb.GetZoneOrNull(t.TimeZone) is null => $"training.timeZone '{t.TimeZone}' is not an IANA time zone.",
            _ when t.EndsAt <= t.StartsAt => "training.endsAt is not after training.startsAt.",
            _ when t.MockLivestreamSlotCount < 0 || t.MockLivestreamSlotMinutes < 0 => "training mock livestream slots are negative.",
            _ when t.Teams.Any(team => team is null || string.IsNullOrWhiteSpace(team.Team) || team.Topics is null || team.Topics.Any(topic => topic is null)) => "training.teams has an empty team or a null topic.",
            _ => null,
        };
    }

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(AppJson.Options)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
