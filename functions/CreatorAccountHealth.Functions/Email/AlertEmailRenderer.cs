using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Alerts;
using CreatorAccountHealth.Functions.Links;
using Fluid;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>A rendered alert email, ready to send.</summary>
/// <param name="Category">The SendGrid category, one per email kind, for SendGrid's statistics.</param>
/// <param name="Headers">Mail headers (one-click unsubscribe), when the email was rendered with its links.</param>
public sealed record AlertEmail(string AlertId, string Category, string Subject, string Html, string Text, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>The SendGrid custom arg carrying the alert id back on SendGrid's events.</summary>
    public const string AlertIdArg = "alertId";

    public OutgoingEmail ToOutgoing() => new(Category, Subject, Html, Text, new Dictionary<string, string> { [AlertIdArg] = AlertId }, Headers: Headers);
}

/// <summary>
/// Renders alert emails from the Liquid templates embedded under Email/Templates. Templates are parsed once (register as
/// a singleton). The HTML is rendered through an HTML encoder, so every value in it, however it got there (display
/// names, policy titles, ids), is escaped; the plain text is rendered without encoding.
/// </summary>
public sealed class AlertEmailRenderer
{
    private readonly IFluidTemplate htmlTemplate = LiquidTemplates.Parse(typeof(AlertEmailRenderer), "alert.html.liquid");
    private readonly IFluidTemplate textTemplate = LiquidTemplates.Parse(typeof(AlertEmailRenderer), "alert.txt.liquid");
    private readonly TemplateOptions options = LiquidTemplates.Options(
        typeof(AlertEmailModel), typeof(ViolationLine), typeof(QuizLine), typeof(ExpiryLine), typeof(EducationLine));

    /// <param name="links">The email's links (page, quizzes, appeals, preferences, unsubscribe); every email sent has them.</param>
    public AlertEmail Render(AlertMessage alert, CreatorProfile profile, EmailLinks? links = null)
    {
        var model = AlertEmailModel.From(alert, profile, links);
        return new AlertEmail(
            alert.AlertId,
            CategoryOf(alert.Kind),
            model.Subject,
            htmlTemplate.RenderHtml(model, options),
            textTemplate.RenderText(model, options),
            links?.Headers);
    }

    public static string CategoryOf(AlertKind kind) => kind switch
    {
        AlertKind.Reached => "milestone-alert-reached",
        AlertKind.Approaching => "milestone-alert-approaching",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
