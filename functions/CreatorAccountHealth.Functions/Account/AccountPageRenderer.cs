using System.Security.Cryptography;
using CreatorAccountHealth.Functions.Email;
using CreatorAccountHealth.Functions.Http;
using Fluid;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CreatorAccountHealth.Functions.Account;

/// <summary>
/// Renders the creator's Account Standing page from the Liquid templates under Account/Templates, with the same Fluid
/// setup as the emails (<see cref="LiquidTemplates"/>: every value HTML-encoded). Each page is its body template inside
/// the one layout (landmarks, skip link, styles); a fresh nonce per response lets the page's own stylesheet and script
/// run under a Content-Security-Policy that allows nothing else. Templates are parsed once (a singleton), so a broken
/// one stops the app at start-up.
/// </summary>
public sealed class AccountPageRenderer
{
    private readonly IFluidTemplate layout = LiquidTemplates.Parse(typeof(AccountPageRenderer), "layout.html.liquid");
    private readonly IFluidTemplate account = LiquidTemplates.Parse(typeof(AccountPageRenderer), "account.html.liquid");
    private readonly IFluidTemplate quiz = LiquidTemplates.Parse(typeof(AccountPageRenderer), "quiz.html.liquid");
    private readonly IFluidTemplate message = LiquidTemplates.Parse(typeof(AccountPageRenderer), "message.html.liquid");
    private readonly TemplateOptions options = LiquidTemplates.Options(
        typeof(LayoutView),
        typeof(AccountPageView),
        typeof(StandingSection),
        typeof(LadderStep),
        typeof(DropLine),
        typeof(RepeatWarning),
        typeof(ReportLine),
        typeof(QuizLine),
        typeof(WorkshopLine),
        typeof(TeamChoice),
        typeof(SlotChoice),
        typeof(PreferenceLine),
        typeof(QuizPageView),
        typeof(AttemptForm),
        typeof(QuestionForm),
        typeof(OptionForm),
        typeof(QuizResultView),
        typeof(GradedLine),
        typeof(MessagePageView));

    public HtmlPage Account(AccountPageView view) => Page(account, view, view.Title, StatusCodes.Status200OK);

    public HtmlPage Quiz(QuizPageView view) => Page(quiz, view, view.Title, StatusCodes.Status200OK);

    /// <summary>A page that says what happened and what to do (a refusal, an error, a link that no longer opens).</summary>
    public HtmlPage Message(int status, string title, string text, string? actionHref = "/api/account", string? actionText = "Back to your account") =>
        Page(message, new MessagePageView(title, text, actionHref, actionText), title, status);

    private HtmlPage Page(IFluidTemplate body, object model, string title, int status)
    {
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var content = body.RenderHtml(model, options);
        var html = layout.RenderHtml(new LayoutView(title, nonce, content), options);
        return new HtmlPage(html, status, PageHeaders.Policy(nonce));
    }
}

/// <param name="Content">The body template's HTML, already encoded where it holds values.</param>
public sealed record LayoutView(string Title, string Nonce, string Content);

public sealed record MessagePageView(string Title, string Text, string? ActionHref, string? ActionText);
