using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Links;
using Fluid;

namespace CreatorAccountHealth.Functions.Trainings.Email;

/// <summary>A rendered training email with its calendar attachment, ready to send.</summary>
public sealed record TrainingEmail(string EmailId, string Category, string Subject, string Html, string Text, EmailAttachment Calendar);

/// <summary>
/// Renders training emails from the Liquid templates embedded under Trainings/Email/Templates, one pair (HTML, text) for
/// every kind, and builds the .ics. Templates are parsed once (register as a singleton). The HTML goes through the HTML
/// encoder, so every value (workshop titles, agendas, team names, display names) is escaped.
/// </summary>
public sealed class TrainingEmailRenderer
{
    private readonly IFluidTemplate htmlTemplate = LiquidTemplates.Parse(typeof(TrainingEmailRenderer), "training.html.liquid");
    private readonly IFluidTemplate textTemplate = LiquidTemplates.Parse(typeof(TrainingEmailRenderer), "training.txt.liquid");
    private readonly TemplateOptions options = LiquidTemplates.Options(typeof(TrainingEmailModel), typeof(TrainingTeamLine));

    /// <param name="organizer">The sender, ORGANIZER of the calendar event.</param>
    /// <param name="links">The email's links; every email sent has them.</param>
    public TrainingEmail Render(TrainingEmailMessage message, CreatorProfile profile, CalendarPerson organizer, EmailLinks? links = null)
    {
        var model = TrainingEmailModel.From(message, profile, TrainingCalendarEvent.FileNameOf(message.Kind), links);
        return new TrainingEmail(
            message.EmailId,
            CategoryOf(message.Kind),
            model.Subject,
            htmlTemplate.RenderHtml(model, options),
            textTemplate.RenderText(model, options),
            TrainingCalendarEvent.Attachment(message, model, organizer, new CalendarPerson(profile.Email, profile.DisplayName)));
    }

    /// <summary>The SendGrid category, one per kind, for SendGrid's statistics.</summary>
    public static string CategoryOf(TrainingEmailKind kind) => "training-" + TrainingEmailModel.KindName(kind);
}
