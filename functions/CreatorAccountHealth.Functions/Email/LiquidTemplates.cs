using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;

namespace CreatorAccountHealth.Functions.Email;

/// <summary>
/// The Liquid (Fluid) setup every email renderer shares: one parser, templates embedded next to their renderer,
/// snake_case member names, and the HTML encoder that escapes every value written into an HTML template.
/// </summary>
public static class LiquidTemplates
{
    private static readonly FluidParser Parser = new();

    /// <summary>Escapes markup characters but leaves non-ASCII letters readable (HtmlEncoder.Default escapes "é" too).</summary>
    public static HtmlEncoder Html { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Options that expose exactly <paramref name="models"/> to templates, as snake_case (display_name for DisplayName).</summary>
    public static TemplateOptions Options(params Type[] models)
    {
        var options = new TemplateOptions();
        options.MemberAccessStrategy.MemberNameStrategy = MemberNameStrategies.SnakeCase;
        foreach (var model in models)
        {
            options.MemberAccessStrategy.Register(model);
        }

        return options;
    }

    /// <summary>
    /// Parses <paramref name="fileName"/> from the Templates folder beside <paramref name="renderer"/> (embedded as
    /// <c>{renderer's namespace}.Templates.{fileName}</c>). A template that is missing or doesn't parse throws, so a
    /// renderer built at start-up stops a broken app from starting.
    /// </summary>
    public static IFluidTemplate Parse(Type renderer, string fileName)
    {
        var resource = $"{renderer.Namespace}.Templates.{fileName}";
        using var stream = renderer.Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The email template {resource} is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return Parser.TryParse(reader.ReadToEnd(), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The email template {fileName} does not parse: {error}");
    }

    /// <summary>Renders HTML: every value is HTML-encoded, attributes included.</summary>
    public static string RenderHtml(this IFluidTemplate template, object model, TemplateOptions options) =>
        template.Render(new TemplateContext(model, options), Html);

    /// <summary>Renders plain text: nothing is encoded, since text/plain is never parsed as markup.</summary>
    public static string RenderText(this IFluidTemplate template, object model, TemplateOptions options) =>
        template.Render(new TemplateContext(model, options), NullEncoder.Default);
}
