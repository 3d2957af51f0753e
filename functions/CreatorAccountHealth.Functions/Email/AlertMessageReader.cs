using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Hosting;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// Reads an <see cref="AlertMessage"/> off the queue with <see cref="AppJson.Options"/>, strictly: a missing or null
/// required field is an error here rather than a null reference halfway through rendering an email.
/// </summary>
public static class AlertMessageReader
{
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    public static bool TryRead(BinaryData body, [NotNullWhen(true)] out AlertMessage? alert, [NotNullWhen(false)] out string? error)
    {
        alert = null;
        try
        {
            var read = body.ToObjectFromJson<AlertMessage>(Strict);
            error = read switch
            {
                null => "The body is JSON null.",
                { AlertId: var id } when string.IsNullOrWhiteSpace(id) => "alertId is empty.",
                { CreatorId: var id } when string.IsNullOrWhiteSpace(id) => "creatorId is empty.",
                { Kind: var kind } when !Enum.IsDefined(kind) => $"kind {(int)kind} is not an alert kind.",
                _ => null,
            };
            alert = error is null ? read : null;
        }
        catch (JsonException e)
        {
            error = $"The body is not an alert message: {e.Message}";
        }

        return alert is not null;
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
