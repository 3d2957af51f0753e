using System.Text.Encodings.Web;
using System.Text.Unicode;
using CreatorAccountHealth.Domain.Alerts;
using CreatorAccountHealth.Domain.Creators;
using CreatorAccountHealth.Functions.Alerts;
using Fluid;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>A rendered alert email, ready to send.</summary>
/// <param name="Category">The SendGrid category, one per email kind, for SendGrid's statistics.</param>
public sealed record AlertEmail(string AlertId, string Category, string Subject, string Html, string Text);

/// <summary>
/// Renders alert emails from the Liquid templates embedded under Email/Templates. Templates are parsed once (register as
/// a singleton). The HTML is rendered through an HTML encoder, so every value in it, however it got there (display
/// names, policy titles, ids), is escaped; the plain text is rendered without encoding.
/// </summary>
public sealed class AlertEmailRenderer
{
    private static readonly FluidParser Parser = new();

    /// <summary>Escapes markup characters but leaves non-ASCII letters readable (HtmlEncoder.Default escapes "é" too).</summary>
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly IFluidTemplate htmlTemplate = Parse("alert.html.liquid");
    private readonly IFluidTemplate textTemplate = Parse("alert.txt.liquid");
    private readonly TemplateOptions options = CreateOptions();

    public AlertEmail Render(AlertMessage alert, CreatorProfile profile)
    {
        var model = AlertEmailModel.From(alert, profile);
        return new AlertEmail(
            alert.AlertId,
            CategoryOf(alert.Kind),
            model.Subject,
            htmlTemplate.Render(new TemplateContext(model, options), Html),
            textTemplate.Render(new TemplateContext(model, options), NullEncoder.Default));
    }

    public static string CategoryOf(AlertKind kind) => kind switch
    {
        AlertKind.Reached => "milestone-alert-reached",
        AlertKind.Approaching => "milestone-alert-approaching",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions();

        // Liquid's naming convention; templates say display_name for DisplayName.
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        options.MemberAccessStrategy.Register<AlertEmailModel>();
        options.MemberAccessStrategy.Register<ViolationLine>();
        options.MemberAccessStrategy.Register<QuizLine>();
        options.MemberAccessStrategy.Register<ExpiryLine>();
        options.MemberAccessStrategy.Register<EducationLine>();
        return options;
    }

    private static IFluidTemplate Parse(string fileName)
    {
        var resource = $"{typeof(AlertEmailRenderer).Namespace}.Templates.{fileName}";
        using var stream = typeof(AlertEmailRenderer).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The email template {resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The email template {fileName} does not parse: {error}");
    }
}
