using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Alerts;
using Fluid;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>A rendered alert email, ready to send.</summary>
/// <param name="Category">The SendGrid category, one per email kind, for SendGrid's statistics.</param>
public sealed record AlertEmail(string AlertId, string Category, string Subject, string Html, string Text)
{
    /// <summary>The SendGrid custom arg carrying the alert id back on SendGrid's events.</summary>
    public const string AlertIdArg = "alertId";

    public OutgoingEmail ToOutgoing() => new(Category, Subject, Html, Text, new Dictionary<string, string> { [AlertIdArg] = AlertId });
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

    public AlertEmail Render(AlertMessage alert, CreatorProfile profile)
    {
        var model = AlertEmailModel.From(alert, profile);
        return new AlertEmail(
            alert.AlertId,
            CategoryOf(alert.Kind),
            model.Subject,
            htmlTemplate.RenderHtml(model, options),
            textTemplate.RenderText(model, options));
    }

    public static string CategoryOf(AlertKind kind) => kind switch
    {
        AlertKind.Reached => "milestone-alert-reached",
        AlertKind.Approaching => "milestone-alert-approaching",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
